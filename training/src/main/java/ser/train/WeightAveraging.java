package ser.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import ser.model.Tensors;
import ser.model.Weights;

/**
 * Checkpoint averaging: the mean of several epochs' weights, a flatter optimum than any one of them
 * (as ESPnet averages its best checkpoints, or SWA its last). Floating-point parameters and buffers
 * (the batch-norm statistics with them) are averaged; integer buffers (batch counts) are the last
 * checkpoint's.
 */
final class WeightAveraging {
    private WeightAveraging() {
    }

    /** The {@code k} epochs with the best dev UA (the earlier one on a tie), in epoch order. */
    static List<Integer> bestEpochs(List<EpochStats> history, int k) {
        return history.stream()
                .sorted(Comparator.comparingDouble(EpochStats::devUa).reversed().thenComparingInt(EpochStats::epoch))
                .limit(k).map(EpochStats::epoch).sorted().toList();
    }

    /** Loads the mean of the checkpoints {@code files} into {@code net}. */
    static void average(Module net, List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no checkpoints to average");
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            List<Tensor> sums = null;
            for (Path file : files) {
                try (PointerScope archive = new PointerScope()) { // one archive's copy of the weights at a time
                    Weights.load(net, file); // refills the module's own tensors, so they are fetched after each load
                }
                List<Tensor> current = tensors(net);
                if (sums == null) {
                    sums = new ArrayList<>();
                    for (Tensor t : current) {
                        sums.add(t.is_floating_point() ? t.detach().clone() : null);
                    }
                } else {
                    for (int i = 0; i < current.size(); i++) {
                        if (sums.get(i) != null) {
                            sums.get(i).add_(current.get(i));
                        }
                    }
                }
            }
            List<Tensor> target = tensors(net);
            for (int i = 0; i < target.size(); i++) {
                if (sums.get(i) != null) {
                    target.get(i).copy_(sums.get(i).div(new Scalar((double) files.size())));
                }
            }
        }
    }

    private static List<Tensor> tensors(Module net) {
        List<Tensor> all = new ArrayList<>(Tensors.owned(net.parameters()));
        all.addAll(Tensors.owned(net.buffers()));
        return all;
    }
}
