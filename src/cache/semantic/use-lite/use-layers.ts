// The shape of Universal Sentence Encoder lite and where its graph keeps each layer's weights:
// two pre-norm transformer layers (4 heads; 256 wide in, 512 after the first), a 1,536-wide
// feed-forward block in each. Names are the graph's own, as model.json lists them.

import type { Block } from './kernel-arena.js';

/** The graph reads this many tokens of a text and drops the rest. */
export const useEncoderTokens = 128;
export const useEncoderDimensions = 512;

export const embeddingWidth = 256;
export const width = 512;
export const innerWidth = 1536;
export const heads = 4;
/** Scores and values are padded to whole kernel columns. */
export const padded = (count: number): number => Math.ceil(count / 8) * 8;

export const prefix = 'module_apply_default/Encoder_en/KonaTransformer/Encode/';
const kernelPrefix = 'module/Encoder_en/KonaTransformer/Encode/';

export interface Layer {
  readonly inputWidth: number;
  readonly attentionScale: number;
  readonly norm1: readonly [scale: Float32Array, bias: Float32Array];
  readonly norm2: readonly [scale: Float32Array, bias: Float32Array];
  readonly qkv: readonly [Block, Block];
  readonly output: readonly [Block, Block];
  readonly inner: readonly [Block, Block];
  readonly outer: readonly [Block, Block];
  /** Layer 0 widens 256 to 512: its residual goes through a dense projection. */
  readonly residual?: readonly [Block, Block];
}

export interface WeightReader {
  readonly float: (name: string, length: number) => Float32Array;
  readonly block: (name: string, length: number) => Block;
  /** A weight matrix, packed for the kernel in place. */
  readonly matrix: (name: string, rows: number, columns: number) => Block;
}

export function layerWeights(
  { float, block, matrix }: WeightReader,
  index: number,
  inputWidth: number,
): Layer {
  const layer = `${prefix}Layer_${index}/TransformerLayer/`;
  const stack = `${prefix}TransformerStack/Layer_${index}/TransformerLayer/`;
  const kernels = `${kernelPrefix}Layer_${index}/TransformerLayer/MultiheadAttention/`;
  const bias = (at: string): string => `${layer}${at}/bias/ConcatPartitions/concat`;
  const dense = (weights: string, at: string, rows: number, columns: number) =>
    [matrix(weights, rows, columns), block(bias(at), columns)] as const;
  const norm = (at: string, size: number) =>
    [
      float(`${layer}${at}layer_norm/layer_norm_scale/ConcatPartitions/concat`, size),
      float(`${layer}${at}layer_norm/layer_norm_bias/ConcatPartitions/concat`, size),
    ] as const;
  return {
    inputWidth,
    attentionScale: 1 / Math.sqrt(inputWidth / heads),
    norm1: norm('layer_prepostprocess/', inputWidth),
    norm2: norm('FFN/layer_prepostprocess/', width),
    qkv: dense(
      `${kernels}qkv_transform_single/kernel/part_0`,
      'MultiheadAttention/qkv_transform_single',
      inputWidth,
      3 * inputWidth,
    ),
    output: dense(
      `${kernels}output_transform_single/kernel/part_0`,
      'MultiheadAttention/output_transform_single',
      inputWidth,
      width,
    ),
    inner: dense(`${stack}FFN/conv1/Tensordot/Reshape_1`, 'FFN/conv1', width, innerWidth),
    outer: dense(`${stack}FFN/conv2/Tensordot/Reshape_1`, 'FFN/conv2', innerWidth, width),
    // Layer 0 widens 256 to 512, so its residual goes through a dense projection.
    ...(index === 0
      ? { residual: dense(`${layer}dense/kernel/ConcatPartitions/concat`, 'dense', embeddingWidth, width) }
      : {}),
  };
}
