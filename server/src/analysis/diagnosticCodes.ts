// The stable diagnostic codes rnnlens reports. Codes never change meaning; new rules get new codes.
// Messages follow torch 2.x wording (where 1.13 words it differently, the 2.x text is used).

export const Codes = {
  // Constructor arguments (torch raises in __init__)
  nonlinearityUnknown: 'RL101', // ValueError: Unknown nonlinearity 'x'. Select from 'tanh' or 'relu'.
  nonlinearityNotAccepted: 'RL102', // nonlinearity= given to LSTM/GRU (TypeError: unexpected keyword)
  projSizeInvalid: 'RL103', // negative, >= hidden_size, or on RNN/GRU
  dropoutRange: 'RL104', // dropout outside [0, 1]
  dropoutSingleLayer: 'RL105', // warning: dropout > 0 with num_layers == 1
  sizeNotInt: 'RL106', // TypeError: hidden_size should be of type int, got: float (torch 2.x)
  sizeNotPositive: 'RL107', // ValueError: hidden_size must be greater than zero
  constructorArgs: 'RL108', // too many positional arguments, unknown keyword, missing required

  // Calling a recurrent layer (torch raises in forward)
  inputRank: 'RL201', // Expected input to be 2D or 3D
  inputSize: 'RL202', // input.size(-1) must be equal to input_size
  hiddenRank: 'RL203', // For batched 3-D input, hx should also be 3-D
  hiddenShape: 'RL204', // Expected hidden size (…), got […]
  hiddenTupleToRnn: 'RL205', // a tuple given to RNN/GRU
  hiddenTensorToLstm: 'RL206', // a bare tensor given to LSTM
  callArgs: 'RL207', // lstm(x, h0, c0): too many arguments
  cellHidden: 'RL208', // cell hx size / batch mismatch

  // Using the results
  unpackCount: 'RL301', // ValueError: not enough / too many values to unpack
  unpackGruAsLstm: 'RL302', // warning: `out, (h, c) = gru(x)` runs only because D*num_layers == 2
  stateTupleAsTensor: 'RL303', // AttributeError: 'tuple' object has no attribute 'squeeze' (an LSTM's (h_n, c_n))

  // The layers and ops around recurrent layers
  linearInFeatures: 'RL401', // mat1 and mat2 shapes cannot be multiplied
  embeddingInput: 'RL402', // Embedding given a float tensor
  catShapes: 'RL403', // torch.cat / stack: sizes must match except in the cat dimension
  viewNumel: 'RL404', // shape '[…]' is invalid for input of size …
  indexRange: 'RL405', // index out of range for a dimension
  dimRange: 'RL406', // Dimension out of range
  layerNormShape: 'RL407', // normalized_shape does not match the last dims
  conv1dChannels: 'RL408', // expected input to have C channels
  broadcastShapes: 'RL409', // The size of tensor a (…) must match the size of tensor b (…)
  viewNonContiguous: 'RL410', // view size is not compatible with input tensor's size and stride
  packLengths: 'RL411', // pack_padded_sequence lengths unsorted, ≤ 0, len ≠ batch, or > T
  lossTarget: 'RL412', // CrossEntropyLoss/NLLLoss target shape, BCE target size ≠ input size
  lossBroadcast: 'RL413', // warning: MSELoss/L1Loss target size differs from the input size (broadcasts)
  matmulShapes: 'RL414', // bmm/matmul batch or inner dims do not match
  embeddingIndexRange: 'RL415', // IndexError: index out of range in self (Embedding)

  // The analysis itself: where it stopped short, and why (never silent)
  analysisStopped: 'RL901', // warning: the step budget ran out here; the code after it is not checked
  callTooDeep: 'RL902', // hint: a call nested deeper than the depth limit is not followed
  valueTooLarge: 'RL903', // information: a value above the size cap (items, terms) is treated as unknown
  fileTooLarge: 'RL904', // warning: a file above rnnlens.analysis.maxFileSizeKB is not analysed
  analysisFailed: 'RL905', // warning: the analysis of this file ran out of memory or time, or the parser failed
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
