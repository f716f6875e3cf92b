package io.queueautoscaler.api.auth;

/** Who is calling: an admin reads history and policies, a worker holds leases. */
public enum Role {
    ADMIN, WORKER;

    public static final String ADMIN_NAME = "ADMIN";
    public static final String WORKER_NAME = "WORKER";
}
