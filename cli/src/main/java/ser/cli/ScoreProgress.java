package ser.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a scoring run that never waits for the inputs to be counted (a huge archive starts at
 * once): a bar of files done with rates on a terminal, a line every 10 s otherwise. When a
 * background count arrives, the bar gets its total and an ETA.
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
    private long total = -1;

    ScoreProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName("scoring").setInitialMax(-1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build() : null;
    }

    /** The number of files this run will score, once known. */
    synchronized void total(long files) {
        total = files;
        if (bar != null) {
            bar.maxHint(files);
        }
    }

    synchronized void fileDone(boolean error, double seconds) {
        done++;
        failed += error ? 1 : 0;
        audioSeconds += seconds;
        double elapsed = (System.nanoTime() - started) / 1e9;
        String rates = String.format(java.util.Locale.ROOT, "%.1f files/s, %s h of audio a second (%.0fx real time), %d failed", done / elapsed,
                threeDigits(audioSeconds / 3600 / elapsed), audioSeconds / elapsed, failed);
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(rates);
        } else if (System.nanoTime() - lastLine > LOG_EVERY_NANOS) {
            lastLine = System.nanoTime();
            err.printf("scored %s: %s%s%n", total < 0 ? Plural.of(done, "file") : done + " of " + Plural.of(total, "file"), rates,
                    eta(elapsed));
            err.flush();
        }
    }

    private String eta(double elapsed) {
        if (total < 0 || done == 0) {
            return "";
        }
        long seconds = Math.round(Math.max(0, total - done) * elapsed / done);
        return String.format(", ETA %d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** Three significant digits, so that 0.0106 h a second on a CPU does not print as 0.01 (or 0.00). */
    static String threeDigits(double x) {
        return x <= 0 || !Double.isFinite(x) ? "0" : new java.math.BigDecimal(x).round(new java.math.MathContext(3)).toPlainString();
    }
}
