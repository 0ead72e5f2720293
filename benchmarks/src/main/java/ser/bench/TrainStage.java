package ser.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import ser.model.Architecture;
import ser.model.ModelConfig;
import ser.model.SerNet;
import ser.runtime.LibTorch;
import ser.train.Losses;
import ser.train.Trainer;

/**
 * One training step ({@link Trainer#step}: forward, losses, backward, gradient clipping, AdamW) on
 * a batch of 32 clips of 3 s, for the RCNN-BLSTM and the CNN-BLSTM baseline, against the same networks and steps written in
 * PyTorch (train_reference.py beside this class). The RCNN twin vectorizes the proposals and region targets
 * that SerNet computes in host loops, as a PyTorch user would; it times the same work, it does not
 * reproduce the same numbers.
 */
final class TrainStage {
    private static final int BATCH = 32;
    private static final int FRAMES = 300;
    private static final int MELS = 64;

    private TrainStage() {
    }

    static List<Result> run(BenchConfig config) throws Exception {
        LibTorch.setThreads(config.threads());
        Optional<String> missing = Reference.pythonMissing("torchvision");
        List<Result> results = new ArrayList<>();
        for (Architecture architecture : List.of(Architecture.RCNN_BLSTM, Architecture.CNN_BLSTM)) {
            Timing ours = oursStep(config, architecture);
            Timing.Rate reference = null;
            String note = missing.orElse("");
            if (missing.isEmpty()) {
                String model = architecture == Architecture.RCNN_BLSTM ? "rcnn-blstm" : "cnn-blstm";
                JsonNode r = Reference.python("train_reference.py", model, BATCH, config.threads(), config.runs());
                reference = Timing.of(Reference.seconds(r.get("seconds"))).rate(1);
                note = "torch " + r.get("torch").asText() + " (Debian); ours LibTorch " + LibTorch.version();
            }
            String name = architecture == Architecture.RCNN_BLSTM ? "RCNN-BLSTM" : "CNN-BLSTM";
            results.add(new Result("train", name + " step, batch " + BATCH + " x 3 s, " + config.threads() + " threads", "steps/s",
                    ours.rate(1), "PyTorch", reference, note));
        }
        return results;
    }

    private static Timing oursStep(BenchConfig config, Architecture architecture) throws Exception {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(0);
            SerNet net = new SerNet(ModelConfig.defaults(architecture, MELS, 6));
            net.train(true);
            var options = new AdamWOptions(1e-3);
            options.weight_decay().put(1e-2);
            AdamW optimizer = new AdamW(net.parameters(), options);
            Losses losses = new Losses(ones(6), net.anchors());
            Random random = new Random(0);
            float[] input = new float[BATCH * FRAMES * MELS];
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) random.nextGaussian();
            }
            long[] labels = random.longs(BATCH, 0, 6).toArray();
            int[] valid = new int[BATCH];
            Arrays.fill(valid, FRAMES);
            Tensor x = Tensor.create(input, BATCH, 1, FRAMES, MELS);
            return Timing.measure(config.warmUps() + 2, config.runs(), () -> {
                try (PointerScope step = new PointerScope()) {
                    Trainer.step(net, optimizer, losses, x, valid, labels, null);
                }
            });
        }
    }

    private static float[] ones(int n) {
        float[] w = new float[n];
        Arrays.fill(w, 1f);
        return w;
    }
}
