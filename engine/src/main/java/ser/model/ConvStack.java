package ser.model;

import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.relu;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * The CNN blocks (3×3 conv, batch norm, ReLU, max-pool over time by the block's factor and over
 * frequency by 2), shared by the recognition network's encoder and the denoising autoencoder that
 * pre-trains it.
 */
final class ConvStack extends Module {
    private final ModelConfig config;
    private final List<Conv2dImpl> convs = new ArrayList<>();
    private final List<BatchNorm2dImpl> norms = new ArrayList<>();

    ConvStack(ModelConfig config) {
        this.config = config;
        int in = 1;
        for (int i = 0; i < config.channels().size(); i++) {
            int out = config.channels().get(i);
            var options = new Conv2dOptions(in, out, new LongPointer(3L, 3L));
            options.padding().put(new LongPointer(1L, 1L));
            options.bias().put(false);
            convs.add(register_module("conv" + i, new Conv2dImpl(options)));
            norms.add(register_module("norm" + i, new BatchNorm2dImpl(new BatchNormOptions(out))));
            in = out;
        }
    }

    /** [B, 1, T, M] → [B, C, T / frameStride, M / 2^blocks]. */
    Tensor forward(Tensor x) {
        for (int i = 0; i < convs.size(); i++) {
            x = relu(norms.get(i).forward(convs.get(i).forward(x)));
            x = max_pool2d(x, new long[] {config.timePools().get(i), 2});
        }
        return x;
    }

    int blocks() {
        return convs.size();
    }

    /** Copies weights and batch-norm statistics from a stack of the same layout. */
    void copyFrom(ConvStack source) {
        try (NoGradGuard noGrad = new NoGradGuard()) {
            copy(source.parameters(), parameters());
            copy(source.buffers(), buffers());
        }
    }

    private static void copy(TensorVector fromVector, TensorVector toVector) {
        List<Tensor> from = Tensors.owned(fromVector);
        List<Tensor> to = Tensors.owned(toVector);
        if (from.size() != to.size()) {
            throw new IllegalArgumentException("CNN layouts differ: " + from.size() + " vs " + to.size() + " tensors");
        }
        for (int i = 0; i < from.size(); i++) {
            to.get(i).copy_(from.get(i));
        }
    }
}
