package ser.dist;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import ser.model.Architecture;
import ser.model.ModelConfig;
import ser.model.SerNet;
import ser.model.Tensors;
import ser.runtime.LibTorch;
import ser.train.Losses;
import ser.train.Trainer;

/**
 * A process of the data-parallel tests: trains the CNN-BLSTM for a few steps on its rank's share of
 * one fixed batch and writes the parameters. Batch norm runs on its running statistics (eval mode),
 * so a sample's gradient does not depend on the others in its batch and the averaged gradients of
 * the shares equal the gradient of the whole batch.
 *
 * <p>Arguments: {@code steps rank world port out [clips [bucketBytes]]}; {@code world} 1 trains on the
 * whole batch alone. {@code clips} (default 4) of the batch are used, as the last global batch of an
 * epoch uses what is left: each rank takes its slice of two, a short slice weighs less and a rank past
 * the end steps on zero weight, as the trainer does. {@code bucketBytes} above 0 (default 0) averages
 * the gradients in buckets during backward. With steps 0 it runs until killed, printing each step; with
 * {@code reportEvery} above 0 (an eighth argument) it prints {@code resident STEP BYTES} every that many steps,
 * after a collection and a trim of the C allocator.
 */
public final class DataParallelStep {
    static final int BATCH = 4;
    private static int reportEvery;

    public static void main(String[] args) throws IOException {
        int steps = Integer.parseInt(args[0]);
        int rank = Integer.parseInt(args[1]);
        int world = Integer.parseInt(args[2]);
        int port = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        int clips = args.length > 5 ? Integer.parseInt(args[5]) : BATCH;
        long bucketBytes = args.length > 6 ? Long.parseLong(args[6]) : 0;
        reportEvery = args.length > 7 ? Integer.parseInt(args[7]) : 0;
        LibTorch.setThreads(1);
        var env = new DistEnv(rank, world, rank, world, "127.0.0.1", port, "gloo");
        try (ProcessGroup group = world > 1
                ? ProcessGroup.join(env, Duration.ofSeconds(20), new org.bytedeco.pytorch.Device("cpu"), bucketBytes, line -> { })
                : null) {
            float[] parameters = train(steps, rank, world, group, clips);
            if (group != null) {
                System.out.println(group.allReduceSummary());
            }
            if (rank == 0) {
                try (var data = new DataOutputStream(Files.newOutputStream(out))) {
                    for (float p : parameters) {
                        data.writeFloat(p);
                    }
                }
            }
        }
    }

    static float[] train(int steps, int rank, int world, ProcessGroup group) {
        return train(steps, rank, world, group, BATCH);
    }

    static float[] train(int steps, int rank, int world, ProcessGroup group, int clips) {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(3);
            SerNet net = new SerNet(ModelConfig.defaults(Architecture.CNN_BLSTM, 64, 6));
            net.train(false);
            AdamW optimizer = new AdamW(net.parameters(), new AdamWOptions(1e-3));
            if (group != null) {
                group.register(net.parameters());
            }
            float[] ones = new float[6];
            Arrays.fill(ones, 1f);
            Losses losses = new Losses(ones, net.anchors());
            int slice = BATCH / world;
            Random random = new Random(11);
            float[] all = new float[BATCH * 300 * 64];
            for (int i = 0; i < all.length; i++) {
                all[i] = (float) random.nextGaussian();
            }
            long[] labels = {0, 3, 5, 2};
            int from = Math.min(clips, rank * slice);
            int to = Math.min(clips, from + slice);
            double weight = (to - from) * (double) world / clips;
            if (from == to) { // past the end: one clip, weighted zero
                from = 0;
                to = 1;
            }
            int share = to - from;
            float[] mine = Arrays.copyOfRange(all, from * 300 * 64, to * 300 * 64);
            Tensor x = Tensor.create(mine, share, 1, 300, 64);
            int[] valid = new int[share];
            Arrays.fill(valid, 300);
            long[] myLabels = Arrays.copyOfRange(labels, from, to);
            for (int step = 0; steps == 0 || step < steps; step++) {
                try (PointerScope stepScope = new PointerScope()) {
                    Trainer.step(net, optimizer, losses, x, valid, myLabels, group, weight);
                }
                if (steps == 0) {
                    System.out.println("step " + step);
                    System.out.flush();
                }
                if (reportEvery > 0 && (step + 1) % reportEvery == 0) {
                    System.gc();
                    org.bytedeco.javacpp.Pointer.trimMemory();
                    System.out.println("resident " + (step + 1) + " " + org.bytedeco.javacpp.Pointer.physicalBytes());
                    System.out.flush();
                }
            }
            var flat = new java.util.ArrayList<Float>();
            for (var parameter : Tensors.owned(net.parameters())) {
                for (float v : Tensors.floats(parameter.contiguous())) {
                    flat.add(v);
                }
            }
            float[] result = new float[flat.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = flat.get(i);
            }
            return result;
        }
    }
}
