/** Phasic: learning to infer in stochastic, recurrent, hierarchical networks by adversarial distribution matching. */
package dev.phasic;
