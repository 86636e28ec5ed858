// locked.js — the settings an embedding fixed (<nn-playground locked="lr">): their controls
// stay in view but cannot change them. The nnplay provides the keys; every control of a
// setting reads them here, so no panel passes them along.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const Locked = createContext(/** @type {string[]} */ ([]));

/** @returns {(key: string) => boolean} whether the setting `key` is fixed */
export function useLocked() {
  const keys = useContext(Locked);
  return (key) => keys.includes(key);
}
