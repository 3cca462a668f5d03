package io.dvstream.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar (me.tongfei:progressbar) on a command's error stream, redrawn in place with a
 * carriage return and left on its own line when closed. Writes to the command line's
 * {@code getErr()}, so tests capture it like any other output. Safe to update from the working
 * thread while the bar's own thread draws it.
 */
final class Progress implements AutoCloseable {

    private static final int WIDTH = 120;

    private final ProgressBar bar;

    /**
     * @param max the total, or -1 when it is not known (the bar then shows a moving marker)
     */
    Progress(PrintWriter err, String task, long max, String unit) {
        this.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .hideEta()
                .setConsumer(new Line(err))
                .build();
    }

    void stepTo(long n) {
        bar.stepTo(n);
    }

    void message(String text) {
        bar.setExtraMessage(text);
    }

    @Override
    public void close() {
        bar.close();
    }

    /** Draws the bar over itself with '\r'. */
    private static final class Line implements ProgressBarConsumer {
        private final PrintWriter err;

        Line(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int getMaxRenderedLength() {
            return WIDTH;
        }

        @Override
        public void accept(String rendered) {
            synchronized (err) {
                err.print('\r');
                err.print(rendered);
                err.flush();
            }
        }

        @Override
        public void close() {
            synchronized (err) {
                err.println();
                err.flush();
            }
        }
    }
}
