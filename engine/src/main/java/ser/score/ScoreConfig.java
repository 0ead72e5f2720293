package ser.score;

import ser.audio.AudioDecoder;

/**
 * Configuration of {@code ser score}, saved beside every results file.
 *
 * @param windowS   length of one window in seconds, or null for the model's input length (3 s for the shipped model):
 *                  a longer window would be cropped by the model, a shorter one padded; longer speech is cut
 * @param hopS      step between window starts in seconds, or null for half the window
 * @param workers   threads that decode, trim, cut and compute log-Mels
 * @param inferenceThreads threads that run the network, each on batches of its own
 * @param batch     windows per forward pass of the network, gathered across files
 * @param device    auto, cpu or cuda, for the network
 * @param inMemoryS recordings up to this long are decoded once and held; longer ones are decoded as a
 *                  stream three times, so memory stays bounded whatever their length
 */
public record ScoreConfig(Double windowS, Double hopS, int workers, int inferenceThreads, int batch, String device,
                          double inMemoryS) {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /**
     * The CPU split measured fastest here: the network costs about 2.5 times what decoding and
     * features cost per file, so every core runs inference and half of them decode; batches of 8
     * gain a quarter over single windows, and larger ones lose it again in cache misses.
     */
    public static final ScoreConfig DEFAULT = new ScoreConfig(null, null, Math.max(1, CORES / 2), CORES, 8, "auto", 600);
    /**
     * The split for a CUDA device, where the network and the log-Mels run: decoding bounds the run, so all cores
     * but one decode and two threads take turns at the device (one gathers a batch while the other's runs); batches
     * of 64 windows gave 2.3 times the windows/s of batches of 8 on an H100 (the engine check; 256 added 5 % at four
     * times the latency). The split itself is a prediction until a device run measures it.
     */
    public static final int CUDA_INFERENCE_THREADS = 2;
    public static final int CUDA_BATCH = 64;
    public static final ScoreConfig CUDA_DEFAULT = new ScoreConfig(null, null, Math.max(1, CORES - 1), CUDA_INFERENCE_THREADS,
            CUDA_BATCH, "cuda", 600);

    public ScoreConfig {
        if (windowS != null && !(windowS > 0) || hopS != null && !(hopS > 0)
                || windowS != null && hopS != null && hopS > windowS) {
            throw new IllegalArgumentException("need 0 < hop <= window, got window " + windowS + " s and hop " + hopS + " s");
        }
        if (workers < 1 || inferenceThreads < 1 || batch < 1) {
            throw new IllegalArgumentException("need at least one decoding and one inference thread and a batch of at least 1, got "
                    + workers + ", " + inferenceThreads + " and " + batch);
        }
        if (!java.util.List.of("auto", "cpu", "cuda").contains(device)) {
            throw new IllegalArgumentException("device must be auto, cpu or cuda, not " + device);
        }
        if (!(inMemoryS > 0)) {
            throw new IllegalArgumentException("in-memory limit must be positive, got " + inMemoryS + " s");
        }
    }

    /** The window and hop a model with {@code inputS} seconds of input is scored with: the ones given, else its own. */
    public ScoreConfig forModelInput(double inputS) {
        double window = windowS != null ? windowS : inputS;
        return withWindow(window, hopS != null ? hopS : window / 2);
    }

    public ScoreConfig withWindow(Double window, Double hop) {
        return new ScoreConfig(window, hop, workers, inferenceThreads, batch, device, inMemoryS);
    }

    public ScoreConfig onDevice(String other) {
        return new ScoreConfig(windowS, hopS, workers, inferenceThreads, batch, other, inMemoryS);
    }

    public ScoreConfig withThreads(int decoders, int inference, int windowsPerBatch) {
        return new ScoreConfig(windowS, hopS, decoders, inference, windowsPerBatch, device, inMemoryS);
    }

    int inMemorySamples() {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.round(inMemoryS * AudioDecoder.SAMPLE_RATE));
    }
}
