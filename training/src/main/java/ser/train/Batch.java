package ser.train;

import org.bytedeco.pytorch.Tensor;

/**
 * Inputs of one step, on the host until {@link #input()} is called (on the training thread, so the
 * tensor belongs to that thread's pointer scope).
 *
 * @param data        [B, 1, frames, nMels] log-Mel, row-major, zero past each clip's valid frames
 * @param validFrames frames of each clip that hold speech
 * @param labels      class index of each clip
 */
public record Batch(float[] data, int frames, int mels, int[] validFrames, long[] labels) {
    public int size() {
        return labels.length;
    }

    public Tensor input() {
        return Tensor.create(data, size(), 1, frames, mels);
    }
}
