package io.dvstream.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser's Server-Sent Events stream. The tickers {@link #offer} messages without ever
 * waiting; the browser's own HTTP thread writes them out. The queue is bounded, so a slow browser
 * (or a slow network) loses frames, counted in {@link #dropped()}, and never holds anything else up.
 */
final class BrowserStream {

    private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = new byte[0];
    private static final long KEEPALIVE_SECONDS = 10;

    private final BlockingQueue<byte[]> queue;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean open = true;

    BrowserStream(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** An SSE message: {@code event: NAME}, then the data on one line. */
    static byte[] message(String event, String data) {
        return ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Queues a message, or drops it when this browser is behind. */
    void offer(byte[] message) {
        if (open && !queue.offer(message)) {
            dropped.incrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }

    boolean isOpen() {
        return open;
    }

    /** Ends the stream: the writing thread returns. */
    void end() {
        open = false;
        queue.clear();
        queue.offer(END);
    }

    /** Writes messages to the exchange until {@link #end()} or the browser goes away. */
    void serve(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (open) {
                byte[] m = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                if (m == END) {
                    break;
                }
                out.write(m == null ? KEEPALIVE : m);
                // Drain what queued up meanwhile, then one flush: fewer, larger writes.
                for (byte[] more = queue.poll(); more != null && more != END; more = queue.poll()) {
                    out.write(more);
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open = false;
        }
    }
}
