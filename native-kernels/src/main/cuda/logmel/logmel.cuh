// The batched log-Mel: ser_logmel_frames (samples to log-Mel rows, all in shared memory) and
// ser_logmel_normalize. CPU twin: ser.kernels.LogMelCpu; host side: ser.kernels.LogMelCuda.
#pragma once

#include <cstdint>

namespace {

constexpr int kPairThreads = 64;   // threads that share one FFT (two frames packed as one complex signal)
constexpr int kPairsPerBlock = 4;  // frame pairs a block transforms at once
constexpr int kMaxFft = 512;       // shared-memory size of one FFT; the host refuses larger n_fft
constexpr int kMaxUtterances = 1024;  // per launch; the host splits larger batches

// Where each utterance starts and how many frames it has, passed by value (12 KB of kernel parameters,
// allowed since CUDA 12.1 on sm_70+): no device buffer, no host-to-device copy, no stream sync before
// a launch.
struct Utterances {
    long long offsets[kMaxUtterances];
    int frames[kMaxUtterances];
};

__device__ __forceinline__ float2 cmul(float2 a, float2 b) {
    return make_float2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}

__device__ __forceinline__ unsigned bit_reverse(unsigned v, int bits) {
    return __brev(v) >> (32 - bits);
}

// Spectrum slot of element e: one float2 of padding after every 16, so that power-of-two strides (the
// bit-reversed load, the butterflies of the late stages) spread over the shared-memory banks.
__device__ __forceinline__ int slot(int e) {
    return e + (e >> 4);
}

}  // namespace

// Log-Mel frames of a ragged batch: utterance b starts at samples[batch.offsets[b]] and has
// batch.frames[b] frames (the host derives them from its length). Frame t covers [t*hop, t*hop + win); it is Hamming-windowed, zero-padded to n_fft, transformed, squared,
// projected on the Mel filters (each stored as its non-zero range) and written as log(mel + eps) to
// out[b][t][m]. Frames at or past the utterance's frame count are written as zeros (padding).
// Two real frames go through one complex FFT (x = frame t, y = frame t + 1) and are separated afterwards,
// which halves the transforms; everything between the samples and the output stays in shared memory.
// Grid: (ceil(max_frames / (2 * kPairsPerBlock)), batch); block: kPairThreads * kPairsPerBlock threads.
extern "C" __global__ void __launch_bounds__(kPairThreads * kPairsPerBlock)
ser_logmel_frames(const float* __restrict__ samples, const __grid_constant__ Utterances batch,
                  const float* __restrict__ window, const float2* __restrict__ twiddles, int win, int hop,
                  int log2_fft, const int* __restrict__ mel_first, const int* __restrict__ mel_count,
                  const int* __restrict__ mel_start, const float* __restrict__ mel_weights, int n_mels,
                  float log_eps, int max_frames, float* __restrict__ out) {
    __shared__ float2 twiddle[kMaxFft];
    __shared__ float2 spectrum[kPairsPerBlock][kMaxFft + kMaxFft / 16];
    __shared__ float power[kPairsPerBlock][2][kMaxFft / 2 + 1];

    const int n_fft = 1 << log2_fft;
    const int n_freqs = n_fft / 2 + 1;
    const int b = blockIdx.y;
    const int pair = threadIdx.x / kPairThreads;
    const int lane = threadIdx.x % kPairThreads;
    const int t0 = (blockIdx.x * kPairsPerBlock + pair) * 2;
    const int frames = batch.frames[b];
    const float* signal = samples + batch.offsets[b];

    for (int k = threadIdx.x; k < n_fft - 1; k += blockDim.x) twiddle[k] = twiddles[k];
    float2* z = spectrum[pair];
    const bool first_valid = t0 < frames;
    const bool second_valid = t0 + 1 < frames;
    for (int i = lane; i < n_fft; i += kPairThreads) {
        float2 v = make_float2(0.f, 0.f);
        if (i < win) {
            if (first_valid) v.x = signal[(long long) t0 * hop + i] * window[i];
            if (second_valid) v.y = signal[(long long) (t0 + 1) * hop + i] * window[i];
        }
        z[slot(bit_reverse(i, log2_fft))] = v;
    }
    __syncthreads();
    for (int stage = 0; stage < log2_fft; stage++) {
        const int half = 1 << stage;
        for (int j = lane; j < n_fft / 2; j += kPairThreads) {
            const int pos = j & (half - 1);
            const int i0 = ((j >> stage) << (stage + 1)) + pos;
            const float2 w = cmul(twiddle[half - 1 + pos], z[slot(i0 + half)]);
            const float2 a = z[slot(i0)];
            z[slot(i0)] = make_float2(a.x + w.x, a.y + w.y);
            z[slot(i0 + half)] = make_float2(a.x - w.x, a.y - w.y);
        }
        __syncthreads();
    }
    // X[k] = (Z[k] + conj Z[-k]) / 2 and Y[k] = (Z[k] - conj Z[-k]) / 2i, so |X|² and |Y|² need no division by i.
    for (int k = lane; k < n_freqs; k += kPairThreads) {
        const float2 a = z[slot(k)];
        const float2 c = z[slot((n_fft - k) & (n_fft - 1))];
        const float xr = 0.5f * (a.x + c.x), xi = 0.5f * (a.y - c.y);
        const float yr = 0.5f * (a.y + c.y), yi = 0.5f * (c.x - a.x);
        power[pair][0][k] = xr * xr + xi * xi;
        power[pair][1][k] = yr * yr + yi * yi;
    }
    __syncthreads();
    for (int f = 0; f < 2; f++) {
        const int t = t0 + f;
        if (t >= max_frames) break;
        float* row = out + ((long long) b * max_frames + t) * n_mels;
        for (int m = lane; m < n_mels; m += kPairThreads) {
            float value = 0.f;
            if (t < frames) {
                const float* w = mel_weights + mel_start[m];
                const float* p = power[pair][f] + mel_first[m];
                float sum = 0.f;
                for (int j = 0; j < mel_count[m]; j++) sum = fmaf(w[j], p[j], sum);
                value = logf(sum + log_eps);
            }
            row[m] = value;
        }
    }
}

// Standardizes each utterance's valid frames in place: mode 1 over all its values, mode 2 per Mel bin.
// Sums in double, as the CPU twin does; the deviation is floored at 1e-5. Grid: batch; block: 256.
extern "C" __global__ void __launch_bounds__(256)
ser_logmel_normalize(float* __restrict__ out, const __grid_constant__ Utterances batch, int max_frames, int n_mels,
                     int mode) {
    __shared__ double partial[256];
    const int b = blockIdx.x;
    const int frames = batch.frames[b];
    if (frames == 0) return;
    float* x = out + (long long) b * max_frames * n_mels;
    if (mode == 2) {
        for (int m = threadIdx.x; m < n_mels; m += blockDim.x) {
            double sum = 0;
            for (int t = 0; t < frames; t++) sum += x[(long long) t * n_mels + m];
            const double mean = sum / frames;
            double squares = 0;
            for (int t = 0; t < frames; t++) {
                const double d = x[(long long) t * n_mels + m] - mean;
                squares += d * d;
            }
            const double scale = 1.0 / fmax(sqrt(squares / frames), 1e-5);
            for (int t = 0; t < frames; t++) {
                float* v = x + (long long) t * n_mels + m;
                *v = (float) ((*v - mean) * scale);
            }
        }
        return;
    }
    const long long count = (long long) frames * n_mels;
    double sum = 0;
    for (long long i = threadIdx.x; i < count; i += blockDim.x) sum += x[i];
    partial[threadIdx.x] = sum;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
        __syncthreads();
    }
    const double mean = partial[0] / count;
    __syncthreads();
    double squares = 0;
    for (long long i = threadIdx.x; i < count; i += blockDim.x) {
        const double d = x[i] - mean;
        squares += d * d;
    }
    partial[threadIdx.x] = squares;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
        __syncthreads();
    }
    const double scale = 1.0 / fmax(sqrt(partial[0] / count), 1e-5);
    for (long long i = threadIdx.x; i < count; i += blockDim.x) x[i] = (float) ((x[i] - mean) * scale);
}
