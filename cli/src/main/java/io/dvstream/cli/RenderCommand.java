package io.dvstream.cli;

import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.binning.Frame;
import io.dvstream.events.binning.FrameBinner;
import io.dvstream.events.binning.FrameListener;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.aedat.RecordingReader;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dvstream render}: a recording as pictures a person can look at. */
@Command(name = "render",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Draw a recording as event frames: the events of every --frame-ms of camera time are "
                + "accumulated at sensor resolution (FrameBinner) and drawn on a dark background, a pixel "
                + "yellow where it saw more ON events (brighter), blue where it saw more OFF events (darker), "
                + "white where both were equal. Each frame is written as a PNG (FILE's name-00000.png, ...) and "
                + "all of them as one looping animated GIF (FILE's name.gif) in --out; empty frames are kept, so "
                + "the GIF runs at the recording's pace."},
        footer = {"", "Example:",
                "  ./dvstream render ../shared/recordings/dvs128_alex_walking_again.aedat --out alex-frames",
                "  ./dvstream render ../shared/recordings/aestream_davis.aedat4 --out davis --frame-ms 10 --scale 1 --max-frames 20"})
final class RenderCommand implements Callable<Integer> {

    static final int BACKGROUND = 0x14161c;
    static final int ON_COLOUR = 0xffc81e;
    static final int OFF_COLOUR = 0x2e8bff;
    static final int BOTH_COLOUR = 0xe6e6e6;
    /** Palette indices: the frames are 2-bit indexed images, so the PNGs are small and the GIF exact. */
    private static final byte BACKGROUND_INDEX = 0;
    private static final byte ON_INDEX = 1;
    private static final byte OFF_INDEX = 2;
    private static final byte BOTH_INDEX = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording.")
    Path file;

    @Mixin
    RecordingOptions recording;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Folder for the PNG frames and the GIF (created if missing; files of the same names are replaced).")
    Path out;

    @Option(names = "--frame-ms", paramLabel = "MS", defaultValue = "33",
            description = "Camera time per frame, milliseconds (also the GIF's frame delay). Default: ${DEFAULT-VALUE}.")
    double frameMs;

    @Option(names = "--scale", paramLabel = "K", defaultValue = "2",
            description = "Each sensor pixel becomes K x K image pixels. Default: ${DEFAULT-VALUE}.")
    int scale;

    @Option(names = "--max-frames", paramLabel = "N",
            description = "Stop after N frames. Default: the whole recording.")
    Integer maxFrames;

    @Option(names = "--no-progress", description = "Do not draw the progress bar on stderr.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        if (!(frameMs > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--frame-ms must be > 0, was " + frameMs);
        }
        if (scale < 1 || scale > 64) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scale must be between 1 and 64, was " + scale);
        }
        if (maxFrames != null && maxFrames < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-frames must be >= 1, was " + maxFrames);
        }
        long frameUs = Math.max(1, Math.round(frameMs * 1000));
        long limit = maxFrames == null ? Long.MAX_VALUE : maxFrames;
        String stem = ReplayCommand.stem(file);
        Files.createDirectories(out);
        Path gif = out.resolve(stem + ".gif");
        PrintWriter stdout = spec.commandLine().getOut();
        SensorGeometry sensor;
        long written;
        try (RecordingReader reader = recording.open(file);
             FrameWriter frames = new FrameWriter(reader.sensor(), scale, out, stem, gif, frameUs, limit);
             Progress progress = noProgress ? null : new Progress(spec.commandLine().getErr(), "render",
                     maxFrames == null ? -1 : maxFrames, " frames")) {
            sensor = reader.sensor();
            BinningConfig binning = BinningConfig.of(frameUs, sensor.width(), sensor.height())
                    .withMaxGapUs(Math.max(BinningConfig.DEFAULT_MAX_GAP_US, frameUs));
            FrameBinner binner = new FrameBinner(binning, sensor);
            FrameListener listener = frame -> {
                frames.accept(frame);
                if (progress != null) {
                    progress.stepTo(frames.written);
                }
            };
            while (reader.hasNext() && !frames.isFull()) {
                EventPacket p = reader.next();
                binner.accept(p, listener);
            }
            if (binner.isStarted() && !frames.isFull()) {
                binner.closeUntil(binner.openFrameStartUs() + frameUs, listener); // the last, partly filled frame
            }
            written = frames.written;
        }
        if (written == 0) {
            stdout.printf(Locale.ROOT, "%s holds no events: nothing rendered%n", file);
            Files.deleteIfExists(gif);
            return 1;
        }
        stdout.printf(Locale.ROOT, "Wrote %,d frames of %s ms (%dx%d, %s sensor x%d): %s .. %s and %s%n", written,
                trim(frameUs / 1000.0), sensor.width() * scale, sensor.height() * scale, sensor, scale,
                out.resolve(FrameWriter.pngName(stem, 0)), out.resolve(FrameWriter.pngName(stem, written - 1)), gif);
        stdout.flush();
        return 0;
    }

    private static String trim(double ms) {
        return ms == Math.rint(ms) ? String.valueOf((long) ms) : String.valueOf(ms);
    }

    /** Draws frames into one reused indexed image and writes each as a PNG and as a GIF frame. */
    static final class FrameWriter implements AutoCloseable {
        private final int width;
        private final int scale;
        private final Path dir;
        private final String stem;
        private final long limit;
        private final BufferedImage image;
        private final byte[] pixels;
        private final ImageWriter gifWriter;
        private final ImageOutputStream gifOut;
        private final IIOMetadata gifFrameMetadata;
        long written;

        FrameWriter(SensorGeometry sensor, int scale, Path dir, String stem, Path gif, long frameUs, long limit) throws IOException {
            this.width = sensor.width();
            this.scale = scale;
            this.dir = dir;
            this.stem = stem;
            this.limit = limit;
            this.image = new BufferedImage(sensor.width() * scale, sensor.height() * scale, BufferedImage.TYPE_BYTE_INDEXED,
                    palette());
            this.pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData(); // one palette index per pixel
            this.gifWriter = ImageIO.getImageWritersByFormatName("gif").next();
            Files.deleteIfExists(gif);
            this.gifOut = ImageIO.createImageOutputStream(gif.toFile());
            gifWriter.setOutput(gifOut);
            gifWriter.prepareWriteSequence(null);
            this.gifFrameMetadata = gifMetadata(gifWriter, image, frameUs);
        }

        static String pngName(String stem, long index) {
            return String.format(Locale.ROOT, "%s-%05d.png", stem, index);
        }

        static IndexColorModel palette() {
            int[] rgb = {BACKGROUND, ON_COLOUR, OFF_COLOUR, BOTH_COLOUR};
            byte[] r = new byte[4];
            byte[] g = new byte[4];
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                r[i] = (byte) (rgb[i] >> 16);
                g[i] = (byte) (rgb[i] >> 8);
                b[i] = (byte) rgb[i];
            }
            return new IndexColorModel(2, 4, r, g, b);
        }

        /** Per-frame GIF metadata: the delay (1/100 s), no disposal, and the NETSCAPE2.0 loop-forever block. */
        private static IIOMetadata gifMetadata(ImageWriter writer, BufferedImage image, long frameUs) throws IOException {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            String format = metadata.getNativeMetadataFormatName();
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);

            IIOMetadataNode control = child(root, "GraphicControlExtension");
            control.setAttribute("disposalMethod", "none");
            control.setAttribute("userInputFlag", "FALSE");
            control.setAttribute("transparentColorFlag", "FALSE");
            control.setAttribute("transparentColorIndex", "0");
            // GIF delays are in hundredths of a second; viewers treat less than 2 as "slow" (10).
            control.setAttribute("delayTime", Long.toString(Math.max(2, Math.round(frameUs / 10_000.0))));

            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
            child(root, "ApplicationExtensions").appendChild(loop);

            metadata.setFromTree(format, root);
            return metadata;
        }

        private static IIOMetadataNode child(IIOMetadataNode root, String name) {
            for (int i = 0; i < root.getLength(); i++) {
                if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                    return (IIOMetadataNode) root.item(i);
                }
            }
            IIOMetadataNode node = new IIOMetadataNode(name);
            root.appendChild(node);
            return node;
        }

        boolean isFull() {
            return written >= limit;
        }

        void accept(Frame frame) {
            if (isFull()) {
                return;
            }
            draw(frame);
            try {
                ImageIO.write(image, "png", dir.resolve(pngName(stem, written)).toFile());
                gifWriter.writeToSequence(new IIOImage(image, null, gifFrameMetadata), null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write frame " + written + " to " + dir, e);
            }
            written++;
        }

        private void draw(Frame frame) {
            Arrays.fill(pixels, BACKGROUND_INDEX);
            float[] counts = frame.counts();
            int plane = frame.width() * frame.height();
            int imageWidth = width * scale;
            for (int cell = 0; cell < plane; cell++) {
                float off = counts[cell];
                float on = counts[plane + cell];
                if (on == 0 && off == 0) {
                    continue;
                }
                byte colour = on > off ? ON_INDEX : off > on ? OFF_INDEX : BOTH_INDEX;
                int x = cell % width;
                int y = cell / width;
                for (int dy = 0; dy < scale; dy++) {
                    int row = (y * scale + dy) * imageWidth + x * scale;
                    Arrays.fill(pixels, row, row + scale, colour);
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                gifWriter.endWriteSequence();
            } finally {
                gifWriter.dispose();
                gifOut.close();
            }
        }
    }
}
