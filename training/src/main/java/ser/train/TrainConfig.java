package ser.train;

import java.io.IOException;
import java.nio.file.Path;
import ser.io.JsonFiles;
import ser.model.Architecture;
import ser.model.ModelConfig;
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
 * @param seed          initialisation, order, augmentation and dropout follow from it
 * @param splitSeed     the seed of the speaker split, apart from {@code seed} so that runs of several seeds
 *                      hold out the same speakers (and can form an ensemble)
 * @param devFraction   share of each corpus's speakers held out for dev (CREMA-D: published split)
 * @param testFraction  share held out for test
 * @param threads       LibTorch intra-op threads
 * @param pretraining   unsupervised pre-training of the CNN blocks
 * @param pretrainEpochs epochs of that pre-training
 * @param sampling      how an epoch draws its clips
 * @param averageEpochs the model is the mean of the weights of this many epochs, those with the best dev UA
 *                      (1: the best epoch's weights alone)
 * @param speakerAdversary the largest gradient-reversal weight λ of a speaker adversary on the whole-utterance
 *                      features ({@link SpeakerAdversary}); 0 is off (and reads 0 in older configurations)
 * @param networkSize   channels, BLSTM and classifier widths and dropout of the network (absent in older
 *                      configurations: the defaults they trained with)
 */
public record TrainConfig(List<String> data, List<String> labels, ModelKind model, int epochs, int batchSize,
                          double learningRate, double weightDecay, int patience, long seed, long splitSeed, double devFraction,
                          double testFraction, int threads, Pretraining pretraining, int pretrainEpochs,
                          Sampling sampling, int averageEpochs, double speakerAdversary, NetworkSize networkSize,
                          Augmentation augmentation,
                          LogMelConfig logMel, VadConfig vad) {

    public static TrainConfig defaults(List<String> data, List<String> labels, ModelKind model) {
        return new TrainConfig(data, labels, model, 40, 32, 1e-3, 1e-2, 8, 1, 1, 0.2, 0.2,
                Runtime.getRuntime().availableProcessors(), Pretraining.NONE, 10, Sampling.CORPUS_BALANCED, 1, 0,
                NetworkSize.DEFAULT, Augmentation.DEFAULT, LogMelConfig.DEFAULT, VadConfig.DEFAULT);
    }

    /**
     * The {@code "train"} section of a model directory's {@code config.json}, read through this record so that a
     * setting added since the file was saved reads as its default.
     */
    public static TrainConfig read(Path configJson) throws IOException {
        var tree = JsonFiles.MAPPER.readTree(configJson.toFile()).path("train");
        if (tree.isMissingNode() || tree.isNull()) {
            throw new IOException(configJson + " has no \"train\" section");
        }
        return JsonFiles.MAPPER.treeToValue(tree, TrainConfig.class);
    }

    /** The same recipe with another seed (the speaker split keeps its own). */
    public TrainConfig withSeed(long other) {
        return new TrainConfig(data, labels, model, epochs, batchSize, learningRate, weightDecay, patience, other, splitSeed,
                devFraction, testFraction, threads, pretraining, pretrainEpochs, sampling, averageEpochs, speakerAdversary,
                networkSize, augmentation, logMel, vad);
    }

    /** The network this recipe trains: the method's, at {@link #networkSize()}, for these labels and features. */
    public ModelConfig network() {
        return networkSize.network(Architecture.of(model), logMel.nMels(), labels.size());
    }

    public TrainConfig {
        data = List.copyOf(data);
        labels = List.copyOf(labels);
        sampling = sampling == null ? Sampling.SHUFFLE : sampling; // configs saved before sampling was a setting
        averageEpochs = averageEpochs == 0 ? 1 : averageEpochs; // and before averaging was
        networkSize = networkSize == null ? NetworkSize.DEFAULT : networkSize; // and before its size was
        if (epochs < 1 || batchSize < 1 || learningRate <= 0 || patience < 1 || threads < 1 || pretrainEpochs < 0
                || averageEpochs < 1) {
            throw new IllegalArgumentException("epochs, batch size, learning rate, patience, threads and averaged epochs must be positive");
        }
        if (!(speakerAdversary >= 0) || Double.isInfinite(speakerAdversary)) {
            throw new IllegalArgumentException("the speaker adversary's weight must be 0 (off) or positive, not " + speakerAdversary);
        }
    }
}
