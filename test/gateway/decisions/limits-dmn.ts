/**
 * A DRG whose decision fails for some inputs: `approval` requires `limit`, a UNIQUE table whose rules overlap
 * below 50 (so dmn-scala fails there: "multiple values aren't allowed for UNIQUE hit policy"); from 50 on,
 * `limit` is "small" or "large" and `approval` answers { ok, limit }.
 */
import { dmnXml } from '../../support/dmn-and-form';

export const limitsDmn = (drgId = 'limits') =>
  dmnXml(drgId, {
    limit: {
      hitPolicy: 'UNIQUE',
      inputs: ['amount'],
      outputs: ['size'],
      rules: [
        [['< 100'], ['"small"']],
        [['< 50'], ['"tiny"']],
        [['>= 100'], ['"large"']],
      ],
    },
    approval: {
      inputs: ['limit'],
      outputs: ['ok', 'limit'],
      rules: [
        [['"small"'], ['true', 'limit']],
        [['"large"'], ['false', 'limit']],
      ],
      requires: ['limit'],
    },
  });
