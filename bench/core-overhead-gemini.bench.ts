import { acpCoreOverheadBench } from './core-overhead';

export default acpCoreOverheadBench('gemini');
