/** A 3D model (STL, OBJ) to turn around; three.js loads on first use, and no WebGL is said plainly. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatSize } from '../format';
import { PreviewProblem } from './PreviewProblem';
import { type KindProps, readBytes } from './source';
import { useLoaded } from './use-loaded';

/** Larger models take more memory than a browser tab should spend on a preview. */
const MODEL_LIMIT = 256 * 1024 * 1024;

const cssColor = (element: Element, property: string): string => getComputedStyle(element).getPropertyValue(property).trim();

export function ModelPreview({ source }: KindProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [problem, setProblem] = useState('');
  const [size, setSize] = useState('');
  const model = useLoaded(async (signal) => {
    if (source.size > MODEL_LIMIT) throw new Error(`it is larger than ${formatSize(MODEL_LIMIT)}`);
    const [scene, bytes] = await Promise.all([import('./model-scene'), readBytes(source, signal)]);
    return { scene, bytes };
  }, [source.content]);

  useEffect(() => {
    if (model.state !== 'ready' || !canvas.current) return;
    const { scene, bytes } = model.value;
    try {
      const object = scene.parseModel(source.name, bytes, cssColor(canvas.current, '--accent'));
      const view = scene.showModel(canvas.current, object, cssColor(canvas.current, '--bg'));
      setSize([view.size.x, view.size.y, view.size.z].map((n) => +n.toPrecision(4)).join(' × '));
      return view.dispose;
    } catch (err) {
      setProblem(/WebGL/i.test((err as Error).message) ? 'This browser has 3D graphics (WebGL) turned off, so the model cannot be shown. Download it to open it in a 3D program.' : `This model cannot be shown: ${(err as Error).message}.`);
      return undefined;
    }
  }, [model]);

  if (model.state === 'failed') return <PreviewProblem message={`This model cannot be shown: ${model.message}.`} />;
  if (problem) return <PreviewProblem message={problem} />;
  return (
    <div class="preview-model">
      {model.state === 'loading' && <p class="loading">Loading…</p>}
      <canvas ref={canvas} tabIndex={0} data-own-arrows role="img" aria-label={`3D model ${source.name}${size && `, ${size} units`}. Drag or use the arrow keys to move it, the wheel to zoom.`} />
    </div>
  );
}
