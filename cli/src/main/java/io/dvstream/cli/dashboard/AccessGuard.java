package io.dvstream.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * Who may see the dashboard.
 * <ul>
 *   <li>With a token: a request must carry it, as {@code ?token=}, as {@code Authorization: Bearer},
 *       or in the cookie the page sets after the first {@code ?token=} visit (HttpOnly,
 *       SameSite=Strict; the page then reloads without the token in its address).</li>
 *   <li>Without one (loopback only): the {@code Host} header must name a loopback host, so that a
 *       web page elsewhere cannot reach the dashboard through DNS rebinding.</li>
 * </ul>
 * Tokens are compared in constant time.
 */
final class AccessGuard {

    private final byte[] token;
    private final String cookieName;

    AccessGuard(String token, int port) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        // Per port: two dashboards on one host must not overwrite each other's cookie.
        this.cookieName = "dvstream_dashboard_" + port;
    }

    String cookieName() {
        return cookieName;
    }

    /** Why the request is refused, or null when it may proceed. */
    String refusal(HttpExchange exchange) {
        if (token == null) {
            return loopbackHost(exchange.getRequestHeaders().getFirst("Host")) ? null
                    : "this dashboard answers only requests addressed to localhost";
        }
        return presented(exchange) ? null : "a token is required: open the URL the dashboard printed when it started";
    }

    /** The request carries the token in its query (so the page should set the cookie). */
    boolean queryHasToken(HttpExchange exchange) {
        return token != null && matches(queryParameter(exchange.getRequestURI(), "token"));
    }

    private boolean presented(HttpExchange exchange) {
        if (queryHasToken(exchange)) {
            return true;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && matches(auth.substring(7).trim())) {
            return true;
        }
        List<String> cookies = exchange.getRequestHeaders().get("Cookie");
        if (cookies != null) {
            for (String header : cookies) {
                for (String c : header.split(";")) {
                    String pair = c.trim();
                    if (pair.startsWith(cookieName + "=") && matches(pair.substring(cookieName.length() + 1))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    static String queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static boolean loopbackHost(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 && h.substring(1, close).equals("::1");
        }
        int colon = h.indexOf(':');
        String host = colon >= 0 ? h.substring(0, colon) : h;
        return host.equals("localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
