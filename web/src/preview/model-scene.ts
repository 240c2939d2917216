/**
 * STL and OBJ models with three.js, loaded only when a model is previewed: the model lit from two
 * sides, the camera fitted to its bounding box, turned and zoomed with the pointer (OrbitControls)
 * or the arrow keys. A frame is drawn only when something changes, which keeps software
 * rendering (no GPU) usable.
 */
import { Box3, Color, DirectionalLight, HemisphereLight, Mesh, MeshStandardMaterial, PerspectiveCamera, Scene, Sphere, Vector3, WebGLRenderer, type Object3D } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { OBJLoader } from 'three/examples/jsm/loaders/OBJLoader.js';
import { STLLoader } from 'three/examples/jsm/loaders/STLLoader.js';

export interface ModelView {
  /** The model's size along x, y and z, in its own units. */
  size: Vector3;
  dispose(): void;
}

/** Reads an STL (binary or ASCII) or an OBJ into something to show, painted in `color`. */
export function parseModel(name: string, bytes: ArrayBuffer, color: string): Object3D {
  const material = new MeshStandardMaterial({ color: new Color(color), roughness: 0.6, metalness: 0.1 });
  if (name.toLowerCase().endsWith('.obj')) {
    const group = new OBJLoader().parse(new TextDecoder().decode(bytes));
    group.traverse((part) => {
      if (part instanceof Mesh) part.material = material;
    });
    return group;
  }
  const geometry = new STLLoader().parse(bytes);
  geometry.computeVertexNormals();
  const mesh = new Mesh(geometry, material);
  // STL files are z-up (as slicers and CAD see them); three.js is y-up.
  mesh.rotation.x = -Math.PI / 2;
  return mesh;
}

/** Shows `model` on `canvas`; throws when the browser gives no WebGL. */
export function showModel(canvas: HTMLCanvasElement, model: Object3D, background: string): ModelView {
  const renderer = new WebGLRenderer({ canvas, antialias: true });
  renderer.setPixelRatio(devicePixelRatio);
  const scene = new Scene();
  scene.background = new Color(background);
  scene.add(model, new HemisphereLight(0xffffff, 0x444444, 1.6));
  const light = new DirectionalLight(0xffffff, 1.8);
  light.position.set(1, 2, 1.5);
  scene.add(light);

  const box = new Box3().setFromObject(model);
  const sphere = box.getBoundingSphere(new Sphere());
  const camera = new PerspectiveCamera(40, 1, 1, 2);
  fitCamera(camera, sphere);
  const controls = new OrbitControls(camera, canvas);
  controls.target.copy(sphere.center);
  controls.listenToKeyEvents(canvas);
  const draw = () => renderer.render(scene, camera);
  controls.addEventListener('change', draw);
  controls.update();

  const resize = () => {
    const { clientWidth: width, clientHeight: height } = canvas;
    if (!width || !height) return;
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    draw();
  };
  const observer = new ResizeObserver(resize);
  observer.observe(canvas);
  resize();
  return {
    size: box.getSize(new Vector3()),
    dispose() {
      observer.disconnect();
      controls.dispose();
      renderer.dispose();
    },
  };
}

/** Far enough back that the whole bounding sphere is in view, seen from above and in front. */
function fitCamera(camera: PerspectiveCamera, sphere: Sphere): void {
  const radius = Math.max(sphere.radius, 1e-6);
  const distance = (radius / Math.sin((camera.fov * Math.PI) / 360)) * 1.15;
  camera.position.copy(sphere.center).add(new Vector3(1, 0.8, 1.2).normalize().multiplyScalar(distance));
  camera.near = distance / 100;
  camera.far = distance * 100;
  camera.lookAt(sphere.center);
  camera.updateProjectionMatrix();
}
