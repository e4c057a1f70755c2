// Texts about how manifests are read, as kubectl reads them.

/** A key given twice in a mapping (see MappingPairs): what kubectl does with it. */
export function duplicateKeyMessage(name: string, laterLine: number): string {
  return (
    `${JSON.stringify(name)} is given again on line ${laterLine} of this mapping: kubectl keeps the value given last and drops this one without a warning ` +
    '(its YAML reader, sigs.k8s.io/yaml, lets a later key overwrite an earlier one). The document is analysed with the last value; remove the repeated key.'
  );
}
