package ser.dist;

import static org.bytedeco.pytorch.global.torch.compute_bucket_assignment_by_size;

import org.bytedeco.pytorch.BoolVector;
import org.bytedeco.pytorch.Reducer;
import org.bytedeco.pytorch.SizeTStringMap;
import org.bytedeco.pytorch.SizeTVector;
import org.bytedeco.pytorch.SizeTVectorVector;
import org.bytedeco.pytorch.TensorVector;

/**
 * DDP's gradient reducer from c10d, as {@code torch.nn.parallel.DistributedDataParallel} builds it:
 * the parameters in buckets of about {@code bucketBytes} (the first one small, so communication
 * starts early), in reverse order since backward produces the last layers' gradients first. Hooks on
 * the gradient accumulators all-reduce a bucket as soon as all its gradients exist, while backward
 * goes on with the layers below; at the end of backward the averaged buckets are copied into the
 * gradients. Every parameter must receive a gradient in every step, as for DDP without
 * {@code find_unused_parameters} (true of all three networks; the reducer fails on the next step otherwise).
 */
final class BucketedReducer implements AutoCloseable {
    /** DDP's first bucket: 1 MiB ({@code dist._DEFAULT_FIRST_BUCKET_BYTES}). */
    private static final long FIRST_BUCKET_BYTES = 1L << 20;
    private final Reducer reducer;
    private final int buckets;
    private final long bytes;

    BucketedReducer(TensorVector parameters, org.bytedeco.pytorch.ProcessGroup group, long bucketBytes) {
        long n = parameters.size();
        long total = 0;
        TensorVector reversed = new TensorVector();
        for (long i = n - 1; i >= 0; i--) {
            reversed.push_back(parameters.get(i));
            total += parameters.get(i).numel() * parameters.get(i).element_size();
        }
        SizeTVector limits = new SizeTVector(Math.min(FIRST_BUCKET_BYTES, bucketBytes), bucketBytes);
        var assigned = compute_bucket_assignment_by_size(reversed, limits);
        SizeTVectorVector assignment = assigned.get0(); // refers into {@code assigned}, fenced below
        SizeTVectorVector indices = new SizeTVectorVector(assignment.size());
        for (long b = 0; b < assignment.size(); b++) {
            SizeTVector bucket = assignment.get(b);
            long[] original = new long[(int) bucket.size()];
            for (int k = 0; k < original.length; k++) {
                original[k] = n - 1 - bucket.get(k); // back to positions in {@code parameters}
            }
            indices.put(b, new SizeTVector(original));
        }
        java.lang.ref.Reference.reachabilityFence(assignment); // get(b) refers into its memory
        java.lang.ref.Reference.reachabilityFence(assigned);
        this.reducer = new Reducer(parameters, indices, group, new BoolVector(new boolean[(int) n]), bucketBytes, false, false,
                new SizeTStringMap(), FIRST_BUCKET_BYTES, false, false);
        this.buckets = (int) indices.size();
        this.bytes = total;
    }

    /**
     * Arms the hooks for the next backward pass. As DDP before each forward: the first call after a
     * step rebuilds the buckets in the order the gradients actually arrived (a collective from rank 0),
     * which also ends the reducer's recording of that order; without it the record grows every step.
     */
    void prepare() {
        reducer.rebuild_buckets();
        reducer.prepare_for_backward(new TensorVector());
    }

    /** Buckets as assigned by size (DDP's rebuild keeps the same limits, in arrival order). */
    int buckets() {
        return buckets;
    }

    long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        reducer.close();
    }
}
