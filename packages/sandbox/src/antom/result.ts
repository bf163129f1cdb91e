/** `result` of every Antom reply and notification (spec/antom-au.md §9). */
export interface AntomResult {
  readonly resultCode: string;
  readonly resultStatus: 'S' | 'F' | 'U';
  readonly resultMessage: string;
}

export const SUCCESS: AntomResult = {
  resultCode: 'SUCCESS',
  resultStatus: 'S',
  resultMessage: 'success',
};

export const refused = (resultCode: string, resultMessage: string): AntomResult => ({
  resultCode,
  resultStatus: 'F',
  resultMessage,
});

/** A request refused before it reached an operation: the whole reply is its `result`. */
export class AntomRefusal extends Error {
  override readonly name = 'AntomRefusal';
  readonly result: AntomResult;

  constructor(resultCode: string, resultMessage: string) {
    super(resultMessage);
    this.result = refused(resultCode, resultMessage);
  }
}
