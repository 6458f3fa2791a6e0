// The core writes its loud sentences for the terminal too: the app's box says "Key changed"
// itself, and offers a checkbox where the CLI names its --new-key flag.
export const sentence = (warning: string): string => {
  const text = warning.replace(/^WARNING: /, '').replace(/ If [^.]*--new-key\.$/, '').replace(/,? then add --new-key\.$/, '.');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
