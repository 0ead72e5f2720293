package ser.train;

import static org.bytedeco.pytorch.global.torch.clip_grad_norm_;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import ser.model.DenoisingAutoencoder;
import ser.model.SerNet;
import ser.model.Tensors;

/**
 * Denoising-autoencoder pre-training of a network's CNN blocks on unlabelled clips: white noise at
 * 0–20 dB SNR plus SpecAugment masks in, the clean log-Mel out, mean squared error over the frames
 * that hold speech. Labels are never read.
 */
public final class Pretrainer {
    public static final double MIN_SNR_DB = 0;
    public static final double MAX_SNR_DB = 20;

    private Pretrainer() {
    }

    /**
     * Trains an autoencoder on {@code device} for {@code config.pretrainEpochs()} epochs and copies its CNN into
     * {@code net} (on the CPU); returns the last epoch's loss.
     */
    public static double pretrain(SerNet net, List<Example> clips, TrainConfig config, TrainingListener listener, Device device) {
        torch.manual_seed(config.seed());
        var autoencoder = new DenoisingAutoencoder(net.config());
        if (device.is_cuda()) {
            autoencoder.to(device, false); // before the optimizer takes its parameters
        }
        AdamW optimizer = Trainer.adamW(autoencoder, config);
        var batcher = new Batcher(config.logMel(), config.augmentation());
        int steps = (clips.size() + config.batchSize() - 1) / config.batchSize();
        double epochLoss = Double.NaN;
        for (int epoch = 1; epoch <= config.pretrainEpochs(); epoch++) {
            long started = System.nanoTime();
            List<Example> order = new ArrayList<>(clips);
            Collections.shuffle(order, new Random(config.seed() * 7_919 + epoch));
            listener.epochStarted(epoch, config.pretrainEpochs(), steps);
            autoencoder.train(true);
            double sum = 0;
            int seen = 0;
            for (int step = 0; step < steps; step++) {
                List<Example> chunk = order.subList(step * config.batchSize(), Math.min(order.size(), (step + 1) * config.batchSize()));
                try (PointerScope scope = new PointerScope()) {
                    Batcher.DenoisingBatch batch = batcher.denoising(chunk, config.seed() * 7_919_000L + epoch * 10_000L + step,
                            MIN_SNR_DB, MAX_SNR_DB);
                    Tensor mask = Tensors.onDevice(validMask(batch.noisy()), device);
                    Tensor target = Tensors.onDevice(Tensor.create(batch.clean(), chunk.size(), 1, batch.noisy().frames(),
                            batch.noisy().mels()), device);
                    optimizer.zero_grad();
                    Tensor error = autoencoder.forward(Tensors.onDevice(batch.noisy().input(), device)).sub(target);
                    Tensor loss = error.mul(error).mul(mask).sum().div(mask.sum().mul(new Scalar((double) batch.noisy().mels())));
                    loss.backward();
                    clip_grad_norm_(autoencoder.parameters(), 5.0);
                    optimizer.step();
                    sum += loss.item_double() * chunk.size();
                    seen += chunk.size();
                }
                listener.stepFinished(step + 1, sum / seen, Double.NaN, seen / ((System.nanoTime() - started) / 1e9));
            }
            epochLoss = sum / seen;
            listener.epochFinished(new EpochStats(epoch, epochLoss, Double.NaN, Double.NaN, Double.NaN,
                    config.learningRate(), (System.nanoTime() - started) / 1e9), false);
        }
        if (device.is_cuda()) {
            autoencoder.to(new Device("cpu"), false);
        }
        net.initialiseCnnFrom(autoencoder);
        return epochLoss;
    }

    /** [B, 1, T, 1]: 1 on frames that hold speech. */
    private static Tensor validMask(Batch batch) {
        float[] mask = new float[batch.size() * batch.frames()];
        for (int b = 0; b < batch.size(); b++) {
            java.util.Arrays.fill(mask, b * batch.frames(), b * batch.frames() + batch.validFrames()[b], 1f);
        }
        return Tensor.create(mask, batch.size(), 1, batch.frames(), 1);
    }
}
