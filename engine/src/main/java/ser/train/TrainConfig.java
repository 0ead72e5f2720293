package ser.train;

import ser.model.ModelKind;
import java.util.List;
import ser.audio.VadConfig;
import ser.features.LogMelConfig;

/**
 * Everything a training run depends on; saved as {@code config.json} in the model directory.
 *
 * @param data          corpus folders or manifests
 * @param labels        the classes, in output order
 * @param model         which model
 * @param epochs        most epochs; early stopping may end sooner
 * @param batchSize     clips per step
 * @param learningRate  AdamW peak learning rate (linear warm-up over the first epoch, cosine decay after)
 * @param weightDecay   AdamW decoupled weight decay
 * @param patience      epochs without a better dev UA before stopping
 * @param seed          every random choice follows from it
 * @param devFraction   share of each corpus's speakers held out for dev (CREMA-D: published split)
 * @param testFraction  share held out for test
 * @param threads       LibTorch intra-op threads
 * @param pretraining   unsupervised pre-training of the CNN blocks
 * @param pretrainEpochs epochs of that pre-training
 */
public record TrainConfig(List<String> data, List<String> labels, ModelKind model, int epochs, int batchSize,
                          double learningRate, double weightDecay, int patience, long seed, double devFraction,
                          double testFraction, int threads, Pretraining pretraining, int pretrainEpochs,
                          Augmentation augmentation, LogMelConfig logMel, VadConfig vad) {

    public static TrainConfig defaults(List<String> data, List<String> labels, ModelKind model) {
        return new TrainConfig(data, labels, model, 40, 32, 1e-3, 1e-2, 8, 1, 0.2, 0.2,
                Runtime.getRuntime().availableProcessors(), Pretraining.NONE, 10, Augmentation.DEFAULT, LogMelConfig.DEFAULT,
                VadConfig.DEFAULT);
    }

    public TrainConfig {
        data = List.copyOf(data);
        labels = List.copyOf(labels);
        if (epochs < 1 || batchSize < 1 || learningRate <= 0 || patience < 1 || threads < 1 || pretrainEpochs < 0) {
            throw new IllegalArgumentException("epochs, batch size, learning rate, patience and threads must be positive");
        }
    }
}
