/**
 * Architecture B, the hierarchical stochastic DCGAN-like network (docs/DESIGN.md §3B), as a
 * plug-in like any other: its recipe, its options (with its choices of activation, top-down
 * sources and critic width) and its model. No file outside this package names it; the core
 * finds it through {@code META-INF/services}.
 */
package dev.phasic.hierarchical;
