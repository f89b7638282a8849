/** The paper's networks (docs/DESIGN.md §3): inference and generative models with their critics. */
package dev.phasic.models;
