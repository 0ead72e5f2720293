// RoI Align over time: ser_roi_align_1d_forward and ser_roi_align_1d_backward. CPU twin:
// ser.kernels.RoiAlignCpu; host side: ser.kernels.RoiAlignCuda.
#pragma once

namespace {

// Where sample point k of bin p of a region lies, and the two frames it interpolates, exactly as
// ser.model.RoiAlign1d computes it: zero weight more than one frame outside the map, clamped inside.
struct Sample {
    int low, high;
    float w_low, w_high;
};

__device__ __forceinline__ Sample roi_sample(float start, float bin_width, int p, int k, int sampling, int length) {
    const float position = start + bin_width * (p + (k + 0.5f) / sampling);
    Sample s{0, 0, 0.f, 0.f};
    if (position < -1.f || position > (float) length) return s;
    const float x = fminf(fmaxf(position, 0.f), (float) (length - 1));
    const float low = floorf(x);
    const float frac = x - low;
    s.low = (int) low;
    s.high = min(s.low + 1, length - 1);
    s.w_low = 1.f - frac;
    s.w_high = frac;
    return s;
}

__device__ __forceinline__ bool roi_geometry(const float* rois, long long row_stride, long long col_stride, int r,
                                             int batch, float scale, int aligned, int bins, int* n, float* start,
                                             float* bin_width) {
    const float* row = rois + r * row_stride;
    *n = (int) row[0];
    if (*n < 0 || *n >= batch) return false;
    const float offset = aligned ? 0.5f : 0.f;
    *start = row[col_stride] * scale - offset;
    float width = row[2 * col_stride] * scale - offset - *start;
    if (!aligned) width = fmaxf(width, 1.f);
    *bin_width = width / bins;
    return true;
}

}  // namespace

// RoI Align over time. features[n][c][t] at n*sn + c*sc + t*st; rois[r] = (batch index, x1, x2) at
// r*row_stride + j*col_stride; out[r][c][p] contiguous. A region whose batch index is outside [0, batch)
// pools zeros. One thread per output value. Grid: ceil(regions*channels*bins / 256); block: 256.
extern "C" __global__ void __launch_bounds__(256)
ser_roi_align_1d_forward(const float* __restrict__ features, long long sn, long long sc, long long st, int batch,
                         int channels, int length, const float* __restrict__ rois, long long row_stride,
                         long long col_stride, int regions, int bins, int sampling, float scale, int aligned,
                         float* __restrict__ out) {
    const unsigned index = blockIdx.x * blockDim.x + threadIdx.x;  // the host keeps outputs under 2^31
    if (index >= (unsigned) regions * channels * bins) return;
    const int p = (int) (index % bins);
    const int c = (int) ((index / bins) % channels);
    const int r = (int) (index / ((unsigned) bins * channels));
    int n;
    float start, bin_width;
    float sum = 0.f;
    if (roi_geometry(rois, row_stride, col_stride, r, batch, scale, aligned, bins, &n, &start, &bin_width)) {
        const float* map = features + n * sn + c * sc;
        for (int k = 0; k < sampling; k++) {
            const Sample s = roi_sample(start, bin_width, p, k, sampling, length);
            sum += s.w_low * map[s.low * st] + s.w_high * map[s.high * st];
        }
    }
    out[index] = sum / sampling;
}

// Gradient of the forward pass with respect to features, added into grad_features (contiguous
// [batch][channels][length], zeroed by the caller). Regions overlap, so threads accumulate with atomicAdd:
// the sum is exact up to float rounding, but its order, and so the last bits, can change between runs.
extern "C" __global__ void __launch_bounds__(256)
ser_roi_align_1d_backward(const float* __restrict__ grad_out, int batch, int channels, int length,
                          const float* __restrict__ rois, long long row_stride, long long col_stride, int regions,
                          int bins, int sampling, float scale, int aligned, float* __restrict__ grad_features) {
    const unsigned index = blockIdx.x * blockDim.x + threadIdx.x;  // the host keeps outputs under 2^31
    if (index >= (unsigned) regions * channels * bins) return;
    const int p = (int) (index % bins);
    const int c = (int) ((index / bins) % channels);
    const int r = (int) (index / ((unsigned) bins * channels));
    int n;
    float start, bin_width;
    if (!roi_geometry(rois, row_stride, col_stride, r, batch, scale, aligned, bins, &n, &start, &bin_width)) return;
    const float g = grad_out[index] / sampling;
    float* map = grad_features + ((long long) n * channels + c) * length;
    for (int k = 0; k < sampling; k++) {
        const Sample s = roi_sample(start, bin_width, p, k, sampling, length);
        if (s.w_low != 0.f) atomicAdd(map + s.low, g * s.w_low);
        if (s.w_high != 0.f) atomicAdd(map + s.high, g * s.w_high);
    }
}
