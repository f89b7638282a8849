/** libtorch plumbing: loading with MKL, devices, small tensor helpers, the CPU generator's state, safetensors files. */
package dev.phasic.torch;
