package ser.score;

import ser.audio.AudioDecoder;

/**
 * Configuration of {@code ser score}, saved beside every results file.
 *
 * @param windowS   length of one window in seconds (the model's 3 s input by default); longer speech is cut
 * @param hopS      step between window starts in seconds
 * @param workers   threads that decode, trim, cut and compute log-Mels
 * @param batch     windows per forward pass of the network, gathered across files
 * @param device    auto, cpu or cuda, for the network
 * @param inMemoryS recordings up to this long are decoded once and held; longer ones are decoded as a
 *                  stream three times, so memory stays bounded whatever their length
 */
public record ScoreConfig(double windowS, double hopS, int workers, int batch, String device, double inMemoryS) {
    public static final ScoreConfig DEFAULT = new ScoreConfig(3.0, 1.5, Runtime.getRuntime().availableProcessors(), 16, "auto", 600);

    public ScoreConfig {
        if (!(windowS > 0 && hopS > 0 && hopS <= windowS)) {
            throw new IllegalArgumentException("need 0 < hop <= window, got window " + windowS + " s and hop " + hopS + " s");
        }
        if (workers < 1 || batch < 1) {
            throw new IllegalArgumentException("need at least one worker and a batch of at least 1, got " + workers + " and " + batch);
        }
        if (!java.util.List.of("auto", "cpu", "cuda").contains(device)) {
            throw new IllegalArgumentException("device must be auto, cpu or cuda, not " + device);
        }
        if (!(inMemoryS > 0)) {
            throw new IllegalArgumentException("in-memory limit must be positive, got " + inMemoryS + " s");
        }
    }

    public ScoreConfig withWindow(double window, double hop) {
        return new ScoreConfig(window, hop, workers, batch, device, inMemoryS);
    }

    public ScoreConfig withThreads(int workerThreads, int windowsPerBatch) {
        return new ScoreConfig(windowS, hopS, workerThreads, windowsPerBatch, device, inMemoryS);
    }

    int inMemorySamples() {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.round(inMemoryS * AudioDecoder.SAMPLE_RATE));
    }
}
