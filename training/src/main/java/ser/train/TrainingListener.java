package ser.train;

/** What a training run reports while it runs; the CLI draws a progress bar from it. Every method defaults to nothing. */
public interface TrainingListener {
    default void epochStarted(int epoch, int epochs, int steps) {
    }

    /** After each step: running mean loss and accuracy of the epoch so far, and clips per second. */
    default void stepFinished(int step, double loss, double accuracy, double clipsPerSecond) {
    }

    default void epochFinished(EpochStats stats, boolean improved) {
    }

    TrainingListener SILENT = new TrainingListener() {
    };
}
