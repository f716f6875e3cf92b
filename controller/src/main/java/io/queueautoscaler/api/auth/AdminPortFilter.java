package io.queueautoscaler.api.auth;

import io.dropwizard.core.setup.AdminEnvironment;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The admin port asks for the admin token on everything but what probes and scrapers read.
 * Tasks change the running daemon (log levels, a GC), /threads and /pprof show its internals and
 * /metrics every meter: an admin's business wherever the port binds. /ping, /healthcheck and
 * /prometheus stay open because a kubelet, a load balancer's health check or a Prometheus server
 * carries no bearer token; they tell nothing a worker could misuse.
 */
public final class AdminPortFilter implements Filter {
    static final Set<String> OPEN_PATHS = Set.of("/ping", "/healthcheck", "/prometheus");
    private static final String PREFIX = "Bearer ";

    private final TokenAuthenticator tokens;

    public AdminPortFilter(AuthConfiguration auth) {
        this.tokens = new TokenAuthenticator(auth.getAdminTokens(), auth.getWorkerTokens());
    }

    /** Puts the filter in front of every servlet of the admin port. */
    public static void register(AdminEnvironment admin, AuthConfiguration auth) {
        admin.addFilter("admin-token", new AdminPortFilter(auth))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (OPEN_PATHS.contains(path)) {
            chain.doFilter(req, res);
            return;
        }
        Optional<Caller> caller = Optional.ofNullable(request.getHeader("Authorization"))
                .filter(header -> header.regionMatches(true, 0, PREFIX, 0, PREFIX.length()))
                .map(header -> header.substring(PREFIX.length()).trim())
                .flatMap(tokens::authenticate);
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"queue-autoscaler-admin\"");
            refuse(response, 401, "the admin port's " + path + " needs 'Authorization: Bearer <admin token>'; "
                    + "/ping, /healthcheck and /prometheus need none");
        } else if (caller.get().role() != Role.ADMIN) {
            refuse(response, 403, "a worker token may not call the admin port's " + path + "; use an admin token");
        } else {
            chain.doFilter(req, res);
        }
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"code\":" + status + ",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }
}
