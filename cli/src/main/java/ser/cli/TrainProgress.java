package ser.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import ser.train.EpochStats;
import ser.train.TrainingListener;

/**
 * Training progress: a bar per epoch (loss, accuracy, clips/s, ETA) on a terminal; one line per
 * epoch otherwise, so logs of batch jobs stay readable.
 */
final class TrainProgress implements TrainingListener {
    private final PrintWriter err;
    private final boolean terminal;
    private ProgressBar bar;

    TrainProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int steps) {
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, epochs)).setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
        }
    }

    @Override
    public void stepFinished(int step, double loss, double accuracy, double clipsPerSecond) {
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(Double.isNaN(accuracy) ? String.format("loss %.4f %.0f clips/s", loss, clipsPerSecond)
                    : String.format("loss %.3f acc %.3f %.0f clips/s", loss, accuracy, clipsPerSecond));
        }
    }

    @Override
    public void epochFinished(EpochStats s, boolean improved) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (Double.isNaN(s.devUa())) {
            err.printf("pre-training epoch %d: reconstruction loss %.4f, %.0f s%n", s.epoch(), s.trainLoss(), s.seconds());
        } else {
            err.printf("epoch %d: loss %.3f, train acc %.3f, dev WA %.3f UA %.3f, lr %.2e, %.0f s%s%n", s.epoch(), s.trainLoss(),
                    s.trainAccuracy(), s.devWa(), s.devUa(), s.learningRate(), s.seconds(), improved ? " (best)" : "");
        }
        err.flush();
    }
}
