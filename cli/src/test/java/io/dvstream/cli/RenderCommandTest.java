package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.recording;
import static io.dvstream.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

    private static final String ALEX = "dvs128_alex_walking_again";

    @Test
    void shouldDrawOnAndOffEventsWhereTheyHappened(@TempDir Path dir) throws Exception {
        Path alex = recording(ALEX + ".aedat");
        Object[] r = run("render", alex.toString(), "--out", dir.toString(), "--frame-ms", "100", "--scale", "2",
                "--max-frames", "5");
        assertThat(r[0]).as(r[1] + "" + r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("Wrote 5 frames of 100 ms (256x256, dvs128 128x128 sensor x2): ")
                .contains(ALEX + "-00000.png .. ").contains(ALEX + "-00004.png and ").contains(ALEX + ".gif");
        assertThat((String) r[2]).contains("render").contains("5/5 frames");
        assertThat(pngs(dir)).hasSize(5);

        // Frame k covers [41.3 s + k * 100 ms, + 100 ms): the first event's time rounded down to 100 ms.
        for (int k : new int[] {0, 4}) {
            BufferedImage png = ImageIO.read(dir.resolve(String.format("%s-%05d.png", ALEX, k)).toFile());
            assertThat(png.getWidth()).isEqualTo(256);
            assertThat(png.getHeight()).isEqualTo(256);
            int[][][] counts = countEvents(alex, 41_300_000L + k * 100_000L, 100_000L);
            int drawn = 0;
            for (int y = 0; y < 128; y++) {
                for (int x = 0; x < 128; x++) {
                    int off = counts[0][y][x];
                    int on = counts[1][y][x];
                    int expected = on > off ? RenderCommand.ON_COLOUR : off > on ? RenderCommand.OFF_COLOUR
                            : on > 0 ? RenderCommand.BOTH_COLOUR : RenderCommand.BACKGROUND;
                    drawn += on + off > 0 ? 1 : 0;
                    for (int d = 0; d < 4; d++) {
                        assertThat(png.getRGB(2 * x + d % 2, 2 * y + d / 2) & 0xffffff)
                                .as("frame %d pixel (%d, %d): %d ON, %d OFF", k, x, y, on, off).isEqualTo(expected);
                    }
                }
            }
            assertThat(drawn).as("pixels with events in frame %d", k).isGreaterThan(10);
        }
        // README: the first event is (62, 9, OFF) at 41,306,606 us.
        BufferedImage first = ImageIO.read(dir.resolve(ALEX + "-00000.png").toFile());
        assertThat(first.getRGB(124, 18) & 0xffffff).isNotEqualTo(RenderCommand.BACKGROUND);

        GifInfo gif = gif(dir.resolve(ALEX + ".gif"));
        assertThat(gif.frames).isEqualTo(5);
        assertThat(gif.delayCs).isEqualTo("10");
        assertThat(gif.loops).isTrue();
        assertThat(gif.width).isEqualTo(256);
    }

    @Test
    void shouldRenderTheWholeRecordingByDefault(@TempDir Path dir) throws Exception {
        Object[] r = run("render", recording(ALEX + ".aedat").toString(), "--out", dir.toString(), "--no-progress");
        assertThat(r[0]).as(r[1] + "" + r[2]).isEqualTo(0);
        // 33 ms frames from 41,283,000 us (41,306,606 rounded down) to past 48,193,156 us: 210 frames.
        assertThat((String) r[1]).contains("Wrote 210 frames of 33 ms (256x256");
        assertThat((String) r[2]).isEmpty();
        assertThat(pngs(dir)).hasSize(210);
        GifInfo gif = gif(dir.resolve(ALEX + ".gif"));
        assertThat(gif.frames).isEqualTo(210);
        assertThat(gif.delayCs).isEqualTo("3");
    }

    @Test
    void shouldRenderAnAedat4FileAtItsSensorSize(@TempDir Path dir) throws Exception {
        Object[] r = run("render", recording("aestream_davis.aedat4").toString(), "--out", dir.toString(),
                "--frame-ms", "10", "--scale", "1", "--max-frames", "2");
        assertThat(r[0]).as(r[1] + "" + r[2]).isEqualTo(0);
        List<Path> pngs = pngs(dir);
        assertThat(pngs).hasSize(2);
        BufferedImage png = ImageIO.read(pngs.get(1).toFile());
        assertThat(png.getWidth()).isEqualTo(346);
        assertThat(png.getHeight()).isEqualTo(260);
        assertThat(gif(dir.resolve("aestream_davis.gif")).frames).isEqualTo(2);
    }

    @Test
    void shouldRejectBadOptions(@TempDir Path dir) {
        Object[] r = run("render", "x.aedat", "--out", dir.toString(), "--scale", "0");
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("--scale must be between 1 and 64, was 0");
        Object[] missing = run("render", "x.aedat");
        assertThat((String) missing[2]).contains("Missing required option: '--out=DIR'");
    }

    private static List<Path> pngs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
    }

    /** Per-polarity event counts [polarity][y][x] in [startUs, startUs + lengthUs). */
    private static int[][][] countEvents(Path file, long startUs, long lengthUs) throws IOException {
        int[][][] counts = new int[2][128][128];
        try (RecordingReader reader = Recordings.open(file)) {
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                for (int i = 0; i < p.size(); i++) {
                    if (p.tUs(i) >= startUs && p.tUs(i) < startUs + lengthUs) {
                        counts[p.polarity(i)][p.y(i)][p.x(i)]++;
                    }
                }
            }
        }
        return counts;
    }

    record GifInfo(int frames, int width, String delayCs, boolean loops) {
    }

    private static GifInfo gif(Path file) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            int frames = reader.getNumImages(true);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode control = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
            boolean loops = false;
            var apps = root.getElementsByTagName("ApplicationExtension");
            for (int i = 0; i < apps.getLength(); i++) {
                IIOMetadataNode app = (IIOMetadataNode) apps.item(i);
                loops |= "NETSCAPE".equals(app.getAttribute("applicationID")) && "2.0".equals(app.getAttribute("authenticationCode"));
            }
            return new GifInfo(frames, reader.getWidth(0), control.getAttribute("delayTime"), loops);
        } finally {
            reader.dispose();
        }
    }
}
