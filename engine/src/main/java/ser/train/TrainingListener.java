package ser.train;

/** What a training run reports while it runs; the CLI draws a progress bar from it. */
public interface TrainingListener {
    void epochStarted(int epoch, int epochs, int steps);

    /** After each step: running mean loss and accuracy of the epoch so far, and clips per second. */
    void stepFinished(int step, double loss, double accuracy, double clipsPerSecond);

    void epochFinished(EpochStats stats, boolean improved);

    TrainingListener SILENT = new TrainingListener() {
        @Override
        public void epochStarted(int epoch, int epochs, int steps) {
        }

        @Override
        public void stepFinished(int step, double loss, double accuracy, double clipsPerSecond) {
        }

        @Override
        public void epochFinished(EpochStats stats, boolean improved) {
        }
    };
}
