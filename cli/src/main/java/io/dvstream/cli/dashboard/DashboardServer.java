package io.dvstream.cli.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard: a web page served by the JDK's HTTP server, fed by Server-Sent Events, with
 * what the Kafka topics say about each camera (docs/dashboard.md).
 *
 * <pre>
 *  Kafka: events, gestures, labels ──► TopicReader (1 thread, no group) ──► Cameras (per-camera state)
 *  Kafka admin: group offsets ───────► JobLagProbe (1 thread, every 2 s) ──┘        │
 *                                          ticker (1 thread): a frame per camera at fps,
 *                                          the state (JSON) every 250 ms ──► BrowserStream per browser
 *                                                                            (bounded queue, drops when full)
 * </pre>
 *
 * Paths: {@code /} the page, {@code /dashboard.js} and {@code /dashboard.css} its code,
 * {@code /stream} the event stream, {@code /state} the latest state as JSON (for scripts).
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final long STATE_INTERVAL_MS = 250;
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html", "/index.html", "index.html", "/dashboard.js", "dashboard.js", "/dashboard.css", "dashboard.css");
    private static final Set<String> PATHS = Set.of("/", "/index.html", "/dashboard.js", "/dashboard.css", "/stream", "/state");

    private final DashboardSettings settings;
    private final Cameras cameras;
    private final TopicReader reader;
    private final JobLagProbe lag;
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService ticker;
    private final List<Thread> threads;
    private final List<BrowserStream> browsers = new CopyOnWriteArrayList<>();
    private final AccessGuard guard;
    private final AtomicLong droppedByClosedBrowsers = new AtomicLong();
    private final AtomicInteger streamsRefused = new AtomicInteger();
    private volatile byte[] lastState = "{}".getBytes(StandardCharsets.UTF_8);
    private long ticks;

    private DashboardServer(DashboardSettings settings) throws IOException {
        this.settings = settings;
        this.cameras = new Cameras(settings.maxCameras());
        this.http = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 32);
        this.guard = new AccessGuard(settings.token(), http.getAddress().getPort());
        // A thread per streaming browser, and a few for page and state requests meanwhile.
        this.httpThreads = Executors.newFixedThreadPool(settings.maxClients() + 4, daemon("dashboard-http"));
        http.setExecutor(httpThreads);
        http.createContext("/", this::handle);
        TopicReader r = null;
        try {
            r = new TopicReader(settings, cameras);
            this.lag = new JobLagProbe(settings);
        } catch (RuntimeException e) {
            // Bad Kafka settings: release the port and the reader before saying so.
            http.stop(0);
            httpThreads.shutdownNow();
            if (r != null) {
                r.discard();
            }
            throw e;
        }
        this.reader = r;
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("dashboard-ticker"));
        this.threads = List.of(daemon("dashboard-kafka-reader").newThread(reader), daemon("dashboard-lag-probe").newThread(lag));
    }

    /** Starts reading Kafka and serving; the caller closes it. */
    public static DashboardServer start(DashboardSettings settings) throws IOException {
        DashboardServer s = new DashboardServer(settings);
        s.threads.forEach(Thread::start);
        long periodMicros = 1_000_000L / settings.fps();
        s.ticker.scheduleAtFixedRate(s::tick, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        s.http.start();
        LOG.info("Dashboard at {} ({}), reading {}", s.url(false), settings.token() == null ? "no token" : "token required",
                settings);
        return s;
    }

    /** A fresh random token: 192 bits, URL-safe. */
    public static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The port it listens on (the chosen one when the settings said 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * The page's address; with {@code withToken} and a token, the address to open (it carries the
     * token: print it to the user, never to a log).
     */
    public String url(boolean withToken) {
        InetAddress a = settings.bind();
        String host;
        if (a.isAnyLocalAddress()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        } else {
            host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        }
        String base = "http://" + host + ":" + port() + "/";
        return withToken && settings.token() != null ? base + "?token=" + settings.token() : base;
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            for (CameraState c : cameras.all()) {
                CameraState.Frame f = c.drainFrame();
                if (f != null) {
                    broadcast(frameMessage(c.camera(), f));
                }
            }
            if (ticks++ % Math.max(1, STATE_INTERVAL_MS * settings.fps() / 1000) == 0) {
                byte[] state = state(now).toString().getBytes(StandardCharsets.UTF_8);
                lastState = state;
                broadcast(BrowserStream.message("state", new String(state, StandardCharsets.UTF_8)));
            }
        } catch (RuntimeException e) {
            // A failing tick must not cancel the schedule.
            LOG.warn("Dashboard tick failed: {}", e.toString());
        }
    }

    private static byte[] frameMessage(String camera, CameraState.Frame f) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("camera", camera).put("w", f.width()).put("h", f.height()).put("scale", f.scale())
                .put("pixels", Base64.getEncoder().encodeToString(f.pixels()));
        return BrowserStream.message("frame", n.toString());
    }

    private void broadcast(byte[] message) {
        for (BrowserStream b : browsers) {
            b.offer(message);
        }
    }

    private ObjectNode state(long nowNanos) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("nowMs", System.currentTimeMillis());
        root.putObject("topics").put("events", settings.eventsTopic()).put("gestures", settings.gesturesTopic())
                .put("labels", settings.labelsTopic()).put("isolation", settings.readCommitted() ? "read_committed" : "read_uncommitted");
        ArrayNode cams = root.putArray("cameras");
        for (CameraState c : cameras.all()) {
            int partition = c.partition();
            cams.add(c.snapshot(nowNanos, partition < 0 ? null : lag.lagOf(partition)));
        }
        ArrayNode groups = root.putArray("jobGroups");
        for (JobLagProbe.GroupLag g : lag.latest()) {
            groups.addObject().put("group", g.group()).put("lagRecords", g.total());
        }
        ObjectNode d = root.putObject("dashboard");
        d.put("browsers", browsers.size());
        d.put("framesDropped", browsers.stream().mapToLong(BrowserStream::dropped).sum() + droppedByClosedBrowsers.get());
        d.put("streamsRefused", streamsRefused.get());
        d.put("partitionsRead", reader.assignedPartitions());
        d.put("readerLagRecords", reader.ownLag());
        d.put("skippedRecords", reader.skippedRecords());
        d.put("unreadableRecords", reader.unreadableRecords());
        d.put("recordsOfCamerasNotShown", cameras.recordsNotShown());
        if (reader.lastError() != null) {
            d.put("readerError", reader.lastError());
        }
        if (lag.lastError() != null) {
            d.put("lagError", lag.lastError());
        }
        return root;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                reply(exchange, 405, "text/plain", "only GET");
                return;
            }
            if (!PATHS.contains(path)) {
                reply(exchange, 404, "text/plain", "no such page: " + path);
                return;
            }
            String refusal = guard.refusal(exchange);
            if (refusal != null) {
                reply(exchange, 401, "text/plain", refusal);
                return;
            }
            if (path.equals("/") && guard.queryHasToken(exchange)) {
                // Keep the token out of the address bar and history: a cookie, then the plain page.
                exchange.getResponseHeaders().add("Set-Cookie", guard.cookieName() + "=" + settings.token()
                        + "; Path=/; HttpOnly; SameSite=Strict");
                exchange.getResponseHeaders().set("Location", "/");
                exchange.sendResponseHeaders(303, -1);
                return;
            }
            switch (path) {
                case "/stream" -> stream(exchange);
                case "/state" -> reply(exchange, 200, "application/json", lastState);
                default -> asset(exchange, ASSETS.get(path));
            }
        } catch (IOException e) {
            // The browser went away mid-response: nothing to do.
            LOG.debug("Dashboard request ended: {}", e.toString());
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        if (browsers.size() >= settings.maxClients()) {
            streamsRefused.incrementAndGet();
            reply(exchange, 503, "text/plain", "too many browsers streaming (" + settings.maxClients() + ")");
            return;
        }
        BrowserStream b = new BrowserStream(settings.clientQueue());
        browsers.add(b);
        b.offer(BrowserStream.message("state", new String(lastState, StandardCharsets.UTF_8)));
        try {
            b.serve(exchange);
        } finally {
            browsers.remove(b);
            droppedByClosedBrowsers.addAndGet(b.dropped());
        }
    }

    private void asset(HttpExchange exchange, String name) throws IOException {
        byte[] body;
        try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("dashboard resource " + name + " missing from the jar"));
            }
            body = in.readAllBytes();
        }
        String type = name.endsWith(".html") ? "text/html" : name.endsWith(".js") ? "text/javascript" : "text/css";
        reply(exchange, 200, type, body);
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        reply(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        browsers.forEach(BrowserStream::end);
        http.stop(0);
        httpThreads.shutdownNow();
        // The reader stops on its consumer's wakeup (an interrupt would surface as a Kafka error); the
        // probe sleeps between requests, so it is interrupted. The admin client closes after its thread ended.
        reader.close();
        threads.get(1).interrupt();
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lag.close();
        LOG.info("Dashboard stopped");
    }
}
