// ser's CUDA kernels, one folder per op, built into one fatbin (build-kernels.sh). Each has a CPU twin
// in ser.kernels (LogMelCpu, RoiAlignCpu) that computes the same function, behind one Java interface per
// op (LogMelOp, RoiAlignOp); the host sides (LogMelCuda, RoiAlignCuda) validate, pick the stream and launch.
// extern "C" keeps the names unmangled for cuModuleGetFunction.

#include "logmel/logmel.cuh"
#include "roi_align/roi_align.cuh"
