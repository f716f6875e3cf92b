# syntax=docker/dockerfile:1
# The daemon's production image: the production jar (no embedded demo), config/aws.yml, no policies
# (mount them, as a ConfigMap or a volume, at /etc/queue-autoscaler/policies/), a non-root user, and
# a root filesystem that may be read-only (the JVM writes only to /tmp: give it a volume).
#   docker build -t queue-autoscaler .
#   docker run --read-only --tmpfs /tmp -v "$PWD/my-policies:/etc/queue-autoscaler/policies:ro" \
#     -e QUEUE_AUTOSCALER_ADMIN_TOKEN -e QUEUE_AUTOSCALER_WORKER_TOKEN -e QUEUE_AUTOSCALER_DATABASE_URL ... queue-autoscaler

# Build stage: the jars from a clean tree.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY controller/pom.xml controller/
COPY worker-client/pom.xml worker-client/
COPY sidecar/pom.xml sidecar/
# Warm the dependency cache in its own layer (and in BuildKit's cache, so a rebuild without network
# finds it); it may stop at the reactor's own snapshot (worker-client), which the package step below
# builds, hence the tolerated failure: the package step fetches whatever is still missing.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline -pl controller -am || true
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q clean package -DskipTests -pl controller -am

# Run stage: a JRE, the production jar, the production configuration, example policies for reference.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin queue-autoscaler \
    && mkdir -p /etc/queue-autoscaler/policies
WORKDIR /app
COPY --from=build /src/controller/target/queue-autoscaler-server.jar /app/queue-autoscaler-server.jar
COPY config/aws.yml /app/config/aws.yml
# Examples only: the daemon reads /etc/queue-autoscaler/policies/, which stays empty until you mount yours.
COPY policies/ /app/examples/policies/
USER 10001:10001
# The JVM's and Jetty's temporary files; everything else may be read-only.
VOLUME ["/tmp"]
EXPOSE 8080 8081
# /ping on the admin port, which binds loopback by default: the check runs inside the container.
# No curl in the JRE image, so bash's /dev/tcp asks. /ping, not /healthcheck: an AWS outage makes
# /healthcheck fail, and restarting the daemon would not fix AWS (alert on /healthcheck instead).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${QUEUE_AUTOSCALER_ADMIN_PORT:-8081} && printf 'GET /ping HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-jar", "/app/queue-autoscaler-server.jar"]
CMD ["server", "/app/config/aws.yml"]
