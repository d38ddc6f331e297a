/**
 * This package's version, sent in the User-Agent (`effect-openstack/<version>`). A test keeps it equal to
 * package.json's.
 *
 * @example
 * import { version } from "effect-openstack"
 * version // "0.1.0"
 */
export const version = "0.1.0"
