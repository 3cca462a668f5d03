package io.dvstream.cli;

import io.dvstream.ingest.jaer.JaerUdpSender;
import io.dvstream.ingest.jaer.RawAedat2Records;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dvstream jaer-send}: an AEDAT 2.0 recording as a jAER UDP stream (feeds jAER's viewer or dvstream ingest). */
@Command(name = "jaer-send",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Send the raw address/timestamp records of an AEDAT 2.0 recording as a jAER AEUnicast UDP stream "
                + "(sequence number + big-endian address/timestamp pairs, 7,874 events per datagram), at the recording's pace "
                + "or as fast as possible. jAER's viewer shows it with 'Remote > Open unicast UDP input' on port 8991; "
                + "dvstream ingest --source jaer-udp://0.0.0.0:8991 reads it."},
        footer = {"", "Example:",
                "  ./dvstream jaer-send ../shared/recordings/dvs128_alex_walking_again.aedat --to 127.0.0.1:8991 --speed 1"})
final class JaerSendCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The AEDAT 2.0 recording.")
    Path file;

    @Option(names = "--to", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8991",
            description = "Where to send. Default: ${DEFAULT-VALUE}.")
    String to;

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "1",
            description = "Times the recorded pace, or max. Default: ${DEFAULT-VALUE}.")
    String speed;

    @Option(names = "--swap-bytes", description = "Little-endian fields (jAER's 'swap bytes').")
    boolean swapBytes;

    @Override
    public Integer call() throws Exception {
        int colon = to.lastIndexOf(':');
        InetSocketAddress target;
        double pace;
        try {
            if (colon <= 0) {
                throw new IllegalArgumentException("--to must be HOST:PORT, was '" + to + "'");
            }
            target = new InetSocketAddress(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1)));
            pace = speed.equalsIgnoreCase("max") ? 0 : Double.parseDouble(speed);
            if (!speed.equalsIgnoreCase("max") && !(pace > 0)) {
                throw new IllegalArgumentException("--speed must be > 0 or max, was " + speed);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        RawAedat2Records records = RawAedat2Records.read(file);
        long start = System.nanoTime();
        try (JaerUdpSender sender = new JaerUdpSender(target, JaerUdpSender.JAER_EVENTS_PER_DATAGRAM, swapBytes)) {
            if (pace == 0) {
                sender.send(records);
            } else {
                sender.sendPaced(records, pace);
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "Sent %,d records in %,d datagrams to %s in %.2f s%n",
                    sender.eventsSent(), sender.datagramsSent(), target, (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }
}
