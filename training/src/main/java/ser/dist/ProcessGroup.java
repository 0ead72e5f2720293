package ser.dist;

import java.time.Duration;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.PrefixStore;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import ser.runtime.LibTorch;

/**
 * PyTorch's own distributed engine (c10d) for data-parallel training: a TCPStore rendezvous at the
 * master address, then a Gloo process group. Gradients are averaged with one coalesced all-reduce
 * per step; a rank that dies or stalls makes the others' collectives fail with an exception within
 * the timeout instead of hanging. NCCL needs LibTorch's CUDA build and GPUs; this build has neither.
 */
public final class ProcessGroup implements AutoCloseable {
    private final DistEnv env;
    private final TCPStore store;
    private final ProcessGroupGloo group;
    private long allReduces;
    private long allReduceNanos;
    private long allReduceBytes;

    private ProcessGroup(DistEnv env, TCPStore store, ProcessGroupGloo group) {
        this.env = env;
        this.store = store;
        this.group = group;
    }

    /** Joins the job; returns when every rank has joined, or throws after {@code timeout}. */
    public static ProcessGroup join(DistEnv env, Duration timeout) {
        if (env.backend().equals("nccl")) {
            throw new IllegalArgumentException("the NCCL backend needs LibTorch's CUDA build and a GPU per rank; use gloo");
        }
        LibTorch.load();
        var options = new TCPStoreOptions();
        options.port((short) env.masterPort()); // uint16_t in C++
        options.isServer(env.leader());
        options.numWorkers(new SizeTPointer(1).put(env.worldSize()));
        options.waitWorkers(true);
        options.timeout(new Milliseconds(timeout.toMillis()));
        TCPStore store = new TCPStore(env.masterAddr(), options);
        ProcessGroupGloo.Options gloo = ProcessGroupGloo.Options.create(new Milliseconds(timeout.toMillis()));
        gloo.devices().push_back(ProcessGroupGloo.createDeviceForHostname(env.masterAddr().equals("127.0.0.1")
                ? "127.0.0.1" : hostname()));
        gloo.threads(2);
        var group = new ProcessGroupGloo(new PrefixStore("ser/", store), env.rank(), env.worldSize(), gloo);
        return new ProcessGroup(env, store, group);
    }

    public DistEnv env() {
        return env;
    }

    /** Replaces every gradient by its mean over the ranks, in one coalesced all-reduce. */
    public void averageGradients(TensorVector parameters) {
        TensorVector gradients = new TensorVector();
        for (long i = 0; i < parameters.size(); i++) {
            Tensor g = parameters.get(i).grad();
            if (g.defined()) {
                gradients.push_back(g);
            }
        }
        long started = System.nanoTime();
        group.allreduce_coalesced(gradients)._wait(); // default options: SUM
        allReduceNanos += System.nanoTime() - started;
        allReduces++;
        Scalar world = new Scalar((double) env.worldSize());
        long bytes = 0;
        for (long i = 0; i < gradients.size(); i++) {
            gradients.get(i).div_(world);
            bytes += gradients.get(i).numel() * 4;
        }
        allReduceBytes = bytes;
    }

    /** What the gradient all-reduces cost so far, for the training log. */
    public String allReduceSummary() {
        return String.format(java.util.Locale.ROOT, "%d gradient all-reduces of %.2f MB, mean %.2f ms", allReduces,
                allReduceBytes / 1e6, allReduces == 0 ? 0 : allReduceNanos / 1e6 / allReduces);
    }

    /** Copies rank 0's tensors to every rank, in place. */
    public void broadcast(TensorVector tensors) {
        for (long i = 0; i < tensors.size(); i++) {
            group.broadcast(new TensorVector(tensors.get(i)))._wait();
        }
    }

    /** The element-wise sum over the ranks of a few numbers (epoch statistics). */
    public double[] sum(double[] values) {
        Tensor t = Tensor.create(values, values.length);
        var options = new AllreduceOptions();
        options.reduceOp(new ReduceOp(ReduceOp.RedOpType.SUM));
        group.allreduce(new TensorVector(t), options)._wait();
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.get(i).item_double();
        }
        return out;
    }

    public void barrier() {
        group.barrier()._wait();
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    @Override
    public void close() {
        group.close();
        store.close();
    }
}
