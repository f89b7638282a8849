/** The paper's networks (DESIGN §3): inference and generative models with their critics. */
package dev.phasic.models;
