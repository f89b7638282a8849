/** The only package that knows JavaCPP details beyond {@code Tensor}: loading, devices, scalars, files, RNG. */
package dev.phasic.torch;
