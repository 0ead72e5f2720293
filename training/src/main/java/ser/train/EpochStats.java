package ser.train;

/** One epoch's figures, kept in the checkpoint and written to metrics.json. */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double devWa, double devUa,
                         double learningRate, double seconds) {
}
