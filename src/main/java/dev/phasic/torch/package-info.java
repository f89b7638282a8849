/** libtorch plumbing: loading with MKL, devices, small tensor helpers, Adam optimisers, the CPU generator's state, safetensors files. */
package dev.phasic.torch;
