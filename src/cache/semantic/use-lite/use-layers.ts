// The shape of Universal Sentence Encoder lite and where its graph keeps each weight: two pre-norm
// transformer layers (4 heads; 256 wide in, 512 after the first), a 1,536-wide feed-forward block
// in each, then a 512 × 512 tanh projection. Names are the graph's own, as model.json lists them.
// `useTensors` lists them all once, so the arena can be sized before anything is read.

import type { Block } from './kernel-arena.js';
import type { WeightMatrix } from './weight-matrix.js';

/** The graph reads this many tokens of a text and drops the rest. */
export const useEncoderTokens = 128;
export const useEncoderDimensions = 512;

export const embeddingWidth = 256;
export const width = 512;
export const innerWidth = 1536;
export const heads = 4;
/** Scores and values are padded to whole kernel columns. */
export const padded = (count: number): number => Math.ceil(count / 8) * 8;

const prefix = 'module_apply_default/Encoder_en/KonaTransformer/Encode/';
const kernelPrefix = 'module/Encoder_en/KonaTransformer/Encode/';

export const embeddingsName = 'module/Embeddings_en';
export const vocabularyRows = 8002;
export const timescalesName = `${prefix}TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`;

/** A dense step: `rows` × `columns` weights and a bias of `columns`. */
export interface DenseTensors {
  readonly weights: string;
  readonly bias: string;
  readonly rows: number;
  readonly columns: number;
}

interface LayerTensors<Vector, Dense> {
  readonly inputWidth: number;
  readonly attentionScale: number;
  readonly norm1: readonly [scale: Vector, bias: Vector];
  readonly norm2: readonly [scale: Vector, bias: Vector];
  readonly qkv: Dense;
  readonly output: Dense;
  readonly inner: Dense;
  readonly outer: Dense;
  /** Layer 0 widens 256 to 512: its residual goes through a dense projection. */
  readonly residual?: Dense;
}

/** A layer's tensor names and sizes. */
export type LayerNames = LayerTensors<{ name: string; length: number }, DenseTensors>;
/** A layer with its weights in the arena. */
export type Layer = LayerTensors<Block, { matrix: WeightMatrix; bias: Block }>;

export function layerNames(index: 0 | 1): LayerNames {
  const inputWidth = index === 0 ? embeddingWidth : width;
  const layer = `${prefix}Layer_${index}/TransformerLayer/`;
  const stack = `${prefix}TransformerStack/Layer_${index}/TransformerLayer/`;
  const kernels = `${kernelPrefix}Layer_${index}/TransformerLayer/MultiheadAttention/`;
  const dense = (weights: string, at: string, rows: number, columns: number): DenseTensors => ({
    weights,
    bias: `${layer}${at}/bias/ConcatPartitions/concat`,
    rows,
    columns,
  });
  const norm = (at: string, length: number) =>
    [
      { name: `${layer}${at}layer_norm/layer_norm_scale/ConcatPartitions/concat`, length },
      { name: `${layer}${at}layer_norm/layer_norm_bias/ConcatPartitions/concat`, length },
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
    ...(index === 0
      ? { residual: dense(`${layer}dense/kernel/ConcatPartitions/concat`, 'dense', embeddingWidth, width) }
      : {}),
  };
}

export const projectionNames: DenseTensors = {
  weights: 'module/Encoder_en/hidden_layers/tanh_layer_0/weights',
  bias: 'module/Encoder_en/hidden_layers/tanh_layer_0/bias',
  rows: width,
  columns: width,
};

/** Every dense step of the model, in order. */
export function denseNames(layers: readonly LayerNames[]): DenseTensors[] {
  return [
    ...layers.flatMap((layer) => [
      layer.qkv,
      layer.output,
      layer.inner,
      layer.outer,
      ...(layer.residual === undefined ? [] : [layer.residual]),
    ]),
    projectionNames,
  ];
}

/** Binds a layer's names to its weights, read and placed by the two functions given. */
export function bindLayer(
  names: LayerNames,
  vector: (name: string, length: number) => Block,
  dense: (tensors: DenseTensors) => { matrix: WeightMatrix; bias: Block },
): Layer {
  const pair = ([scale, bias]: LayerNames['norm1']) =>
    [vector(scale.name, scale.length), vector(bias.name, bias.length)] as const;
  return {
    inputWidth: names.inputWidth,
    attentionScale: names.attentionScale,
    norm1: pair(names.norm1),
    norm2: pair(names.norm2),
    qkv: dense(names.qkv),
    output: dense(names.output),
    inner: dense(names.inner),
    outer: dense(names.outer),
    ...(names.residual === undefined ? {} : { residual: dense(names.residual) }),
  };
}
