// onnxruntime-web (wasm, SIMD, one thread), the fastest peer at predicting a grid, for
// bench/inference.js. It runs ONNX models, so mlpModel() encodes a dense stack as one: a
// minimal protobuf writer for the few messages of onnx.proto3 a graph of Gemm and activation
// nodes needs (field numbers from that file), opset 13.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const ort = require('onnxruntime-web');
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

// Protobuf wire format: a field is a varint key (number << 3 | wire type) and its value.
const varint = (n) => {
  const out = [];
  for (let v = BigInt(n); ; v >>= 7n) {
    if (v < 128n) { out.push(Number(v)); return out; }
    out.push(Number(v & 127n) | 128);
  }
};
const utf8 = (s) => [...new TextEncoder().encode(s)];
const int = (field, n) => [...varint(field << 3), ...varint(n)];
const bytes = (field, b) => [...varint((field << 3) | 2), ...varint(b.length), ...b];
const str = (field, s) => bytes(field, utf8(s));
const f32 = (field, x) => [...varint((field << 3) | 5), ...new Uint8Array(Float32Array.of(x).buffer)];

const FLOAT = 1; // TensorProto.DataType
const ATTR_FLOAT = 1, ATTR_INT = 2; // AttributeProto.AttributeType

// TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian floats).
const tensor = (name, dims, data) => [...dims.flatMap((d) => int(1, d)), ...int(2, FLOAT), ...str(8, name),
  ...bytes(9, [...new Uint8Array(data.buffer, data.byteOffset, data.byteLength)])];
// ValueInfoProto: name 1, type 2 (TypeProto.tensor_type 1: elem_type 1, shape 2 of dims 1:
// dim_value 1 or dim_param 2).
const value = (name, dims) => [...str(1, name), ...bytes(2, bytes(1, [...int(1, FLOAT),
  ...bytes(2, dims.flatMap((d) => bytes(1, typeof d === 'string' ? str(2, d) : int(1, d))))]))];
// AttributeProto: name 1, f 2, i 3, type 20. NodeProto: input 1, output 2, op_type 4, attribute 5.
const attr = (name, v, type) => [...str(1, name), ...(type === ATTR_FLOAT ? f32(2, v) : int(3, v)), ...int(20, type)];
const node = (op, inputs, output, attrs = []) => [...inputs.flatMap((i) => str(1, i)), ...str(2, output),
  ...str(4, op), ...attrs.flatMap((a) => bytes(5, a))];

const ACT = {
  tanh: ['Tanh'], sigmoid: ['Sigmoid'], relu: ['Relu'], softmax: ['Softmax', [attr('axis', 1, ATTR_INT)]],
  leaky_relu: ['LeakyRelu', [attr('alpha', 0.01, ATTR_FLOAT)]],
};

// An ONNX model (bytes) of dense layers [{w (out, in) row-major, b, out, in, act}] on input "x"
// (batch, in), output "y": y = act(x·wᵀ + b) per layer, Gemm with transB = 1 (nnplay's layout).
export function mlpModel(layers) {
  const nodes = [], inits = [];
  let h = 'x';
  layers.forEach((l, i) => {
    inits.push(tensor(`w${i}`, [l.out, l.in], l.w), tensor(`b${i}`, [l.out], l.b));
    const last = i === layers.length - 1, z = `z${i}`, a = last ? 'y' : `h${i}`;
    nodes.push(node('Gemm', [h, `w${i}`, `b${i}`], l.act === 'linear' && !last ? a : l.act === 'linear' ? 'y' : z,
      [attr('transB', 1, ATTR_INT)]));
    if (l.act !== 'linear') {
      const [op, attrs] = ACT[l.act];
      nodes.push(node(op, [z], a, attrs));
    }
    h = a;
  });
  const graph = [...nodes.flatMap((n) => bytes(1, n)), ...str(2, 'mlp'), ...inits.flatMap((t) => bytes(5, t)),
    ...bytes(11, value('x', ['batch', layers[0].in])), ...bytes(12, value('y', ['batch', layers.at(-1).out]))];
  // ModelProto: ir_version 1, graph 7, opset_import 8 (domain 1, version 2).
  return Uint8Array.from([...int(1, 8), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...int(2, 13)])]);
}

// A session on the wasm backend and its predict, (x, n) => a promise of the outputs: ort's run()
// is async, so bench/inference.js times it with runRatesAsync.
export async function session(layers) {
  const s = await ort.InferenceSession.create(mlpModel(layers), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  return async (x, n) => (await s.run({ x: new ort.Tensor('float32', x, [n, layers[0].in]) })).y.data;
}
