package ser.dist;

import java.time.Duration;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.BackendOptional;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.PrefixStore;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch_cuda;
import org.bytedeco.pytorch.nccl.ProcessGroupNCCL;
import ser.runtime.LibTorch;

/**
 * PyTorch's own distributed engine (c10d) for data-parallel training: a TCPStore rendezvous at the
 * master address, then a c10d process group, as {@code torch.distributed} builds one: Gloo for CPU
 * tensors and, for CUDA tensors, NCCL where the build carries it (Gloo otherwise). Gradients are
 * averaged either by DDP's own bucketed reducer during backward ({@link #register}) or by one
 * coalesced all-reduce after it. A rank that dies or stalls makes the others' collectives fail with
 * an exception within the timeout instead of hanging.
 */
public final class ProcessGroup implements AutoCloseable {
    private final DistEnv env;
    private final org.bytedeco.pytorch.ProcessGroup group;
    private final ProcessGroupGloo gloo;
    private final Backend gradients;
    private final CommBackend backend;
    private final Device device;
    private final long bucketBytes;
    private BucketedReducer reducer;
    private long allReduces;
    private long backwardStarted;
    private long backwardNanos;
    private long afterBackwardNanos;
    private long allReduceBytes;

    private ProcessGroup(DistEnv env, org.bytedeco.pytorch.ProcessGroup group, ProcessGroupGloo gloo,
                         Backend gradients, CommBackend backend, Device device, long bucketBytes) {
        this.env = env;
        this.group = group;
        this.gloo = gloo;
        this.gradients = gradients;
        this.backend = backend;
        this.device = device;
        this.bucketBytes = bucketBytes;
    }

    /** Joins a job whose tensors live on the CPU (Gloo), averaging gradients after backward. */
    public static ProcessGroup join(DistEnv env, Duration timeout) {
        return join(env, timeout, new Device("cpu"), 0, line -> { });
    }

    /**
     * Joins the job with this rank's tensors on {@code device}; returns when every rank has joined, or
     * throws after {@code timeout}. {@code bucketBytes} above zero averages the gradients in buckets of
     * that size during backward, zero in one all-reduce after it. {@code notices} hears, in one line,
     * a backend other than the one asked.
     */
    public static ProcessGroup join(DistEnv env, Duration timeout, Device device, long bucketBytes,
                                    java.util.function.Consumer<String> notices) {
        LibTorch.load();
        CommBackend.Choice choice = CommBackend.choose(env.backend(), device.is_cuda(), device.is_cuda() ? ncclMissing(env) : null);
        if (choice.notice() != null) {
            notices.accept(choice.notice());
        }
        TCPStore store = store(env, timeout, true);
        ProcessGroupGloo.Options glooOptions = ProcessGroupGloo.Options.create(new Milliseconds(timeout.toMillis()));
        glooOptions.devices().push_back(ProcessGroupGloo.createDeviceForHostname(env.masterAddr().equals("127.0.0.1")
                ? "127.0.0.1" : hostname()));
        glooOptions.threads(2);
        var gloo = new ProcessGroupGloo(handedToC10d(new PrefixStore("ser/gloo/", handedToC10d(store))), env.rank(),
                env.worldSize(), glooOptions);
        // The group dispatches each collective to its device's backend; the backends hold the stores.
        var group = new org.bytedeco.pytorch.ProcessGroup(env.rank(), env.worldSize());
        group.setBackend(DeviceType.CPU, CommBackend.GLOO.c10dType(), new BackendOptional(gloo));
        Backend gradients = gloo;
        if (device.is_cuda()) {
            // as torch.cuda.set_device(local_rank): NCCL's communicator and any un-indexed CUDA work land on this rank's GPU
            torch_cuda.set_device((byte) Math.max(0, device.index()));
            if (choice.backend() == CommBackend.NCCL) {
                gradients = nccl(env, timeout);
            }
            group.setBackend(DeviceType.CUDA, choice.backend().c10dType(), new BackendOptional(gradients));
        }
        group.setDefaultBackend(choice.backend().c10dType()); // NCCL only ever chosen for a CUDA rank
        return new ProcessGroup(env, group, gloo, gradients, choice.backend(), device, bucketBytes);
    }

    /**
     * A store made in Java and passed to a c10d owner: the preset wraps it in an intrusive pointer that
     * now owns it, so Java must never delete it (garbage collection would free it under c10d, and a
     * close would free it twice). It lives as long as the backend that holds it.
     */
    private static <S extends org.bytedeco.javacpp.Pointer> S handedToC10d(S store) {
        store.deallocate(false);
        return store;
    }

    /**
     * A connection to rank 0's rendezvous; the {@code first} connection of rank 0 hosts it, and the first of
     * every rank waits until all ranks have joined. A store object can be handed to one c10d owner only
     * (the preset wraps it in a fresh intrusive pointer each time), so each backend gets its own connection
     * ({@link #handedToC10d}).
     */
    private static TCPStore store(DistEnv env, Duration timeout, boolean first) {
        var options = new TCPStoreOptions();
        options.port((short) env.masterPort()); // uint16_t in C++
        options.isServer(first && env.leader());
        options.numWorkers(new SizeTPointer(1).put(env.worldSize()));
        options.waitWorkers(first);
        options.timeout(new Milliseconds(timeout.toMillis()));
        return new TCPStore(env.masterAddr(), options);
    }

    /** Only reached on a CUDA device, so a CPU build never touches the NCCL natives. */
    private static Backend nccl(DistEnv env, Duration timeout) {
        var options = ProcessGroupNCCL.Options.create();
        options.timeout(new Milliseconds(timeout.toMillis()));
        return new ProcessGroupNCCL(handedToC10d(new PrefixStore("ser/nccl/", handedToC10d(store(env, timeout, false)))),
                env.rank(), env.worldSize(), options);
    }

    /**
     * The device of this rank when the job asked for {@code requested}: on CUDA, GPU {@code LOCAL_RANK}
     * (ranks beyond the machine's GPUs share them, round robin).
     */
    public static Device deviceFor(DistEnv env, Device requested) {
        if (!requested.is_cuda()) {
            return requested;
        }
        return new Device("cuda:" + env.localRank() % Math.max(1, torch.cuda_device_count()));
    }

    /** For {@code ser info}: the backends a data-parallel job on this machine can use, and why not NCCL. */
    public static String backendsSummary() {
        String missing = ncclMissing(DistEnv.SINGLE);
        return missing == null ? "gloo, nccl (auto: nccl for ranks on GPUs)" : "gloo (nccl unavailable: " + missing + ")";
    }

    /**
     * Why this process cannot run NCCL, or null when it can: its natives come with the CUDA build alone,
     * and NCCL refuses two ranks on one GPU.
     */
    static String ncclMissing(DistEnv env) {
        if (!LibTorch.cudaAvailable()) {
            return "no CUDA device";
        }
        int gpus = torch.cuda_device_count();
        if (env.localWorldSize() > gpus) {
            return "the " + env.localWorldSize() + " ranks on this machine share " + gpus + (gpus == 1 ? " GPU" : " GPUs");
        }
        try {
            Loader.load(org.bytedeco.pytorch.global.torch_nccl.class);
            return null;
        } catch (LinkageError e) {
            return "this build does not carry it: " + e.getMessage();
        }
    }

    public DistEnv env() {
        return env;
    }

    /** The backend that carries the gradients. */
    public CommBackend backend() {
        return backend;
    }

    /** The size of the gradient buckets averaged during backward; 0 when they are averaged after it. */
    public long bucketBytes() {
        return bucketBytes;
    }

    /** Where this rank's network and gradients live. */
    public Device device() {
        return device;
    }

    /**
     * The parameters whose gradients this group averages. With buckets, DDP's c10d reducer hooks each
     * parameter's gradient accumulator and averages a bucket while backward goes on below it.
     */
    public void register(TensorVector parameters) {
        if (bucketBytes > 0) {
            reducer = new BucketedReducer(parameters, group, bucketBytes);
        }
    }

    /** Before a backward pass: arms the reducer, if any. */
    public void beforeBackward() {
        if (reducer != null) {
            reducer.prepare();
        }
        backwardStarted = System.nanoTime();
    }

    /**
     * After backward: every gradient is now its mean over the ranks (the reducer's buckets were
     * reduced during backward; without a reducer, one coalesced all-reduce here).
     */
    public void afterBackward(TensorVector parameters) {
        long started = System.nanoTime();
        if (reducer == null) {
            allReduceBytes = averageGradients(parameters);
        } else {
            allReduceBytes = reducer.bytes();
        }
        long ended = System.nanoTime();
        afterBackwardNanos += ended - started;
        backwardNanos += ended - backwardStarted;
        allReduces++;
    }

    private long averageGradients(TensorVector parameters) {
        TensorVector grads = new TensorVector();
        for (long i = 0; i < parameters.size(); i++) {
            Tensor g = parameters.get(i).grad();
            if (g.defined()) {
                grads.push_back(g);
            }
        }
        if (device.is_cuda() && backend == CommBackend.GLOO) {
            for (long i = 0; i < grads.size(); i++) { // Gloo coalesces CPU tensors only
                gradients.allreduce(new TensorVector(grads.get(i)))._wait();
            }
        } else {
            gradients.allreduce_coalesced(grads)._wait(); // default options: SUM
        }
        Scalar world = new Scalar((double) env.worldSize());
        long bytes = 0;
        for (long i = 0; i < grads.size(); i++) {
            grads.get(i).div_(world);
            bytes += grads.get(i).numel() * grads.get(i).element_size();
        }
        // get(i) refers into the vectors' memory: they must outlive every use of what it returned
        java.lang.ref.Reference.reachabilityFence(grads);
        java.lang.ref.Reference.reachabilityFence(parameters);
        return bytes;
    }

    /**
     * What the gradient averaging cost so far, for the training log: the mean time from the start of
     * backward until every gradient is averaged, and the part of it after backward had finished (all
     * of the all-reduce without buckets; with them, what backward did not hide).
     */
    public String allReduceSummary() {
        double steps = Math.max(1, allReduces);
        return String.format(java.util.Locale.ROOT,
                "%s: %d gradient all-reduce%s of %.2f MB (%s); backward and averaging %.1f ms a step, %.1f ms of it after backward",
                backend.lowerCase(), allReduces, allReduces == 1 ? "" : "s", allReduceBytes / 1e6, reducer == null
                        ? "coalesced after backward" : reducer.buckets() + " buckets during backward",
                backwardNanos / 1e6 / steps, afterBackwardNanos / 1e6 / steps);
    }

    /**
     * Copies rank 0's tensors to every rank, in place. Detached views (the same memory), as DDP broadcasts
     * under no_grad: through the dispatcher, a parameter that requires grad would make c10d warn that its
     * collective has no autograd kernel.
     */
    public void broadcast(TensorVector tensors) {
        for (long i = 0; i < tensors.size(); i++) {
            group.broadcast(new TensorVector(tensors.get(i).detach()))._wait();
        }
        java.lang.ref.Reference.reachabilityFence(tensors); // get(i) refers into its memory
    }

    /** The element-wise sum over the ranks of a few numbers (epoch statistics). */
    public double[] sum(double[] values) {
        Tensor t = Tensor.create(values, values.length);
        var options = new AllreduceOptions();
        options.reduceOp(new ReduceOp(ReduceOp.RedOpType.SUM));
        gloo.allreduce(new TensorVector(t), options)._wait();
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.get(i).item_double();
        }
        return out;
    }

    public void barrier() {
        gloo.barrier()._wait();
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
        if (reducer != null) {
            reducer.close();
        }
        if (gradients != gloo) {
            gradients.close();
        }
        gloo.close();
        group.close(); // the last references to the backends, and through them to the stores
    }
}
