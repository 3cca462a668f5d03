package io.dvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.cli.dashboard.HeadlessChromium;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import picocli.CommandLine;

/**
 * {@code dvstream demo --dashboard} in a real headless Chromium: the demo replays the bundled
 * labelled recording {@code user01_lab.aedat} (synthetic) at real pace into the test's in-process
 * broker, runs the real gesture job on a MiniCluster (with the stand-in classifier, which is not a
 * model: it keeps the test light on a 2-core machine; the dashboard shows whatever the job writes),
 * and serves the dashboard on its topics. The page must draw events on the camera's canvas, and show
 * a classified gesture from the job's committed records within seconds of the events; a screenshot
 * is saved to {@code target/dashboard-it.png}.
 */
@WithKafkaBroker
class DashboardITCase {

    static final Path SCREENSHOT = Path.of("target", "dashboard-it.png");
    private static final Pattern URL = Pattern.compile("Dashboard at (http://\\S+)");
    /**
     * What the page shows, read in one script (the page rebuilds some elements on every state message,
     * so references held across calls go stale): lit pixels on the first camera's canvas, the top class
     * of its last window, its latest gesture start line, and its events/s cell.
     */
    private static final String READ_PAGE = """
            const cam = document.querySelector('section.camera');
            if (!cam) return {pixels: 0};
            const c = cam.querySelector('canvas.view');
            let n = 0;
            if (c && c.width) {
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              for (let i = 0; i < d.length; i += 4) if (d[i] || d[i + 1] || d[i + 2]) n++;
            }
            const start = cam.querySelector('.events li.start');
            const cells = [...cam.querySelectorAll('.health > div')];
            const rate = cells.find(d => d.children[0].textContent === 'events/s');
            return {pixels: n, top: cam.querySelector('.sub').dataset.top || '', start: start ? start.textContent : '',
                    rate: rate ? rate.children[1].textContent : ''};""";

    /** stdout of a command as it is written, readable while it runs. */
    private static final class LiveText extends Writer {
        private final StringBuffer text = new StringBuffer();

        @Override
        public void write(char[] c, int off, int len) {
            text.append(c, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    @Test
    void shouldShowLiveEventsAndTheJobsGesturesInHeadlessChromium(@KafkaBootstrap String bootstrap) throws Exception {
        ChromeDriver browser = HeadlessChromium.startOrSkip(1280, 900);
        System.setProperty("dvstream.browse", "false");
        LiveText out = new LiveText();
        LiveText err = new LiveText();
        CommandLine demo = Dvstream.commandLine();
        demo.setOut(new PrintWriter(out, true));
        demo.setErr(new PrintWriter(err, true));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> run = pool.submit(() -> demo.execute("demo", "--dashboard", "--kafka", bootstrap,
                    "--recording", DemoITCase.bundled("user01_lab.aedat").toString(), "--max-seconds", "25", "--speed", "1",
                    "--parallelism", "1", "--model", "stand-in", "--set", "checkpoint.interval.ms=1000"));
            String url = awaitUrl(out, err, run);
            browser.get(url);
            assertThat(browser.getTitle()).isEqualTo("dvstream live dashboard");

            long opened = System.nanoTime();
            long eventsDrawnAt = 0;
            long gestureShownAt = 0;
            long startShownAt = 0;
            long maxPixels = 0;
            long maxEventsPerSecond = 0;
            String gesture = null;
            String start = null;
            long deadline = opened + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline && (eventsDrawnAt == 0 || gestureShownAt == 0 || startShownAt == 0) && !run.isDone()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> page = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(READ_PAGE);
                long pixels = ((Number) page.get("pixels")).longValue();
                maxPixels = Math.max(maxPixels, pixels);
                if (pixels > 0 && eventsDrawnAt == 0) {
                    eventsDrawnAt = System.nanoTime();
                }
                String top = (String) page.getOrDefault("top", "");
                if (!top.isEmpty() && gestureShownAt == 0) {
                    gestureShownAt = System.nanoTime();
                    gesture = top;
                }
                maxEventsPerSecond = Math.max(maxEventsPerSecond, rate((String) page.get("rate")));
                String started = (String) page.getOrDefault("start", "");
                if (!started.isEmpty() && startShownAt == 0) {
                    startShownAt = System.nanoTime();
                    start = started;
                }
                Thread.sleep(100);
            }
            assertThat(eventsDrawnAt).as("events drawn on the camera's canvas; demo output:%n%s%n%s", out, err).isPositive();
            assertThat(gestureShownAt).as("a window's gesture shown; demo output:%n%s%n%s", out, err).isPositive();
            assertThat(startShownAt).as("a gesture start shown; demo output:%n%s%n%s", out, err).isPositive();
            double afterEventsS = (gestureShownAt - eventsDrawnAt) / 1e9;
            System.out.printf(Locale.ROOT, "dashboard: events drawn %.1f s after the page opened (%d lit pixels seen at most); "
                            + "window gesture '%s' shown %.1f s after the first events; first start shown %.1f s after them: %s%n",
                    (eventsDrawnAt - opened) / 1e9, maxPixels, gesture, afterEventsS, (startShownAt - eventsDrawnAt) / 1e9, start);
            // Seconds on a quiet machine (a 100 ms window, a 1 s checkpoint); the bound leaves room for a 2-core
            // machine shared with other builds, where the job itself falls 15-20 s behind the replay.
            assertThat(afterEventsS).isLessThan(60.0);
            assertThat(start).startsWith("START ");

            WebElement camera = browser.findElement(By.cssSelector("section.camera"));
            assertThat(camera.getDomAttribute("data-camera")).isEqualTo("user01_lab");
            List<WebElement> bars = camera.findElements(By.cssSelector(".bars .name"));
            assertThat(bars).hasSize(11);
            assertThat(bars.stream().map(WebElement::getText).toList()).contains(gesture);
            // The screenshot while events are on the canvas, if the replay is still going (else as it is).
            long shotDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < shotDeadline && litPixels(browser) < 200 && !run.isDone()) {
                Thread.sleep(50);
            }
            Files.createDirectories(SCREENSHOT.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("dashboard screenshot: " + SCREENSHOT.toAbsolutePath());

            // Health from the topics: events flowed, a sequence with no gaps (one replay, nothing lost), and the
            // decision latency measured against the packets' Kafka timestamps.
            String health = camera.findElement(By.cssSelector(".health")).getText();
            System.out.println("dashboard health panel (events/s at most " + maxEventsPerSecond + "):\n" + health);
            assertThat(maxEventsPerSecond).isPositive();
            assertThat(health).contains("sequence gaps\n0 (0 pkts)").containsPattern("event→decision\n-?\\d+ ms \\(p50 -?\\d+, p95 -?\\d+\\)")
                    .containsPattern("inference/frame\n\\d+\\.\\d\\d ms \\(p50 \\d+\\.\\d\\d, p95 \\d+\\.\\d\\d\\)");

            assertThat(run.get(240, TimeUnit.SECONDS)).as("demo exit code; output:%n%s%n%s", out, err).isEqualTo(0);
            assertThat(out.toString()).contains("Every camera got window decisions back");
        } finally {
            browser.quit();
            pool.shutdownNow();
            pool.awaitTermination(60, TimeUnit.SECONDS);
        }
    }

    private static long litPixels(ChromeDriver browser) {
        @SuppressWarnings("unchecked")
        Map<String, Object> page = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(READ_PAGE);
        return ((Number) page.get("pixels")).longValue();
    }

    /** The page's number format: 1234, 12.3 k, 1.23 M; 0 for anything else. */
    private static long rate(String text) {
        Matcher m = text == null ? null : Pattern.compile("([\\d.]+)( k| M)?").matcher(text);
        if (m == null || !m.matches()) {
            return 0;
        }
        double scale = m.group(2) == null ? 1 : m.group(2).equals(" k") ? 1e3 : 1e6;
        return Math.round(Double.parseDouble(m.group(1)) * scale);
    }

    private static String healthValue(String health, String label) {
        String[] lines = health.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].trim().equals(label)) {
                return lines[i + 1].trim();
            }
        }
        return null;
    }

    private static String awaitUrl(LiveText out, LiveText err, Future<Integer> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(out.toString());
            if (m.find()) {
                return m.group(1);
            }
            if (run.isDone()) {
                throw new AssertionError("demo ended (exit " + run.get() + ") before printing the dashboard URL:\n" + out + err);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no dashboard URL printed within 120 s:\n" + out + err);
    }
}
