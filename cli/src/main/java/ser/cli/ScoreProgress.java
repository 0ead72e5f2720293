package ser.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a scoring run without counting the inputs first (a huge archive starts at once): a
 * bar of files done with rates on a terminal, a line every 10 s otherwise.
 */
final class ScoreProgress implements AutoCloseable {
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final ProgressBar bar;
    private final long started = System.nanoTime();
    private long lastLine = started;
    private long done;
    private long failed;
    private double audioSeconds;

    ScoreProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName("scoring").setInitialMax(-1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build() : null;
    }

    synchronized void fileDone(boolean error, double seconds) {
        done++;
        failed += error ? 1 : 0;
        audioSeconds += seconds;
        double elapsed = (System.nanoTime() - started) / 1e9;
        String rates = String.format("%.1f files/s, %.2f h audio/s, %d errors", done / elapsed, audioSeconds / 3600 / elapsed, failed);
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(rates);
        } else if (System.nanoTime() - lastLine > LOG_EVERY_NANOS) {
            lastLine = System.nanoTime();
            err.printf("scored %d files: %s%n", done, rates);
            err.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
