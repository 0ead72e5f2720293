package ser.model;

import static org.bytedeco.pytorch.global.torch.relu;
import static org.bytedeco.pytorch.global.torch.upsample_nearest2d;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * Learns the CNN blocks without labels: a log-Mel corrupted by noise and masks goes through the
 * same {@link ConvStack} as the recognition network, and a mirror of nearest-neighbour upsampling
 * and 3×3 convolutions reconstructs the clean log-Mel. The trained stack is then copied into a
 * {@link SerNet} with {@link SerNet#initialiseCnnFrom}.
 */
public final class DenoisingAutoencoder extends Module {
    private final ModelConfig config;
    private final ConvStack cnn;
    private final List<Conv2dImpl> decoder = new ArrayList<>();
    private final Conv2dImpl output;

    public DenoisingAutoencoder(ModelConfig config) {
        this.config = config;
        this.cnn = register_module("cnn", new ConvStack(config));
        List<Integer> channels = config.channels();
        for (int i = channels.size() - 1; i >= 0; i--) {
            int in = channels.get(i);
            int out = i == 0 ? channels.get(0) : channels.get(i - 1);
            var options = new Conv2dOptions(in, out, new LongPointer(3L, 3L));
            options.padding().put(new LongPointer(1L, 1L));
            decoder.add(register_module("decoder" + i, new Conv2dImpl(options)));
        }
        output = register_module("output", new Conv2dImpl(channels.get(0), 1, new LongPointer(1L, 1L)));
    }

    /** [B, 1, T, M] → reconstruction of the same shape; T must divide by the CNN's time stride. */
    public Tensor forward(Tensor noisy) {
        long frames = noisy.size(2);
        long mels = noisy.size(3);
        Tensor h = cnn.forward(noisy);
        int blocks = cnn.blocks();
        for (int d = 0; d < blocks; d++) {
            int block = blocks - 1 - d; // undo the pooling of this block
            long t = frames;
            for (int i = 0; i < block; i++) {
                t /= config.timePools().get(i);
            }
            long m = mels >> block;
            h = relu(decoder.get(d).forward(upsample_nearest2d(h, new long[] {t, m})));
        }
        return output.forward(h);
    }

    ConvStack cnn() {
        return cnn;
    }
}
