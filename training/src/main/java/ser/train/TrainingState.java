package ser.train;

import java.util.List;

/**
 * Where a run stands after an epoch: enough, with that epoch's weights and optimizer state, to
 * continue exactly as if it had not stopped.
 *
 * @param epoch            epochs completed
 * @param sinceImprovement epochs since dev UA last improved
 */
public record TrainingState(int epoch, double bestUa, int bestEpoch, int sinceImprovement, List<EpochStats> history) {
    public TrainingState {
        history = List.copyOf(history);
    }

    static TrainingState start() {
        return new TrainingState(0, -1, 0, 0, List.of());
    }
}
