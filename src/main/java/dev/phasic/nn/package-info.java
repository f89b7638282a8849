/** Modules in the style of torch.nn: named parameters, children, train/eval mode, state dicts, and stochastic layers. */
package dev.phasic.nn;
